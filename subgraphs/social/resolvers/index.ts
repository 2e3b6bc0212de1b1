import { DateTimeScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { FeedItem, MiniProgram, MiniProgramCard } from './FeedItem';
import { LifeAccount, LifeAccountPush } from './LifeAccount';
import { Merchant, TrafficPledge } from './Merchant';
import { Portal } from './Portal';
import {
  lifeAccountFollow,
  LifeAccountFollowPayload,
  lifeAccountUnfollow,
} from './mutations/LifeAccountFollow';
import { lifeAccountPush, LifeAccountPushPayload } from './mutations/LifeAccountPush';
import { merchantVisitRecord, MerchantVisitRecordPayload } from './mutations/MerchantVisitRecord';
import { miniProgramShare, MiniProgramSharePayload } from './mutations/MiniProgramShare';
import { userFollow, UserFollowPayload, userUnfollow } from './mutations/UserFollow';
import { Post } from './Post';
import { Query } from './Query';
import { Store } from './Store';
import { Topic } from './Topic';
import { SocialAccount, User } from './User';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation: {
    miniProgramShare,
    lifeAccountPush,
    userFollow,
    userUnfollow,
    lifeAccountFollow,
    lifeAccountUnfollow,
    merchantVisitRecord,
  },
  Topic,
  Store,
  User,
  SocialAccount,
  FeedItem,
  Post,
  MiniProgramCard,
  MiniProgram,
  LifeAccount,
  LifeAccountPush,
  Merchant,
  TrafficPledge,
  Portal,
  MiniProgramSharePayload,
  LifeAccountPushPayload,
  MerchantVisitRecordPayload,
  UserFollowPayload,
  LifeAccountFollowPayload,
};
