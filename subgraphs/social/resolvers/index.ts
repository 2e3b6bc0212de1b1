import { DateTimeScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { FeedItem, MiniProgram, MiniProgramCard } from './FeedItem';
import { LifeAccount, LifeAccountPush } from './LifeAccount';
import { Merchant, TrafficPledge } from './Merchant';
import { Portal } from './Portal';
import { lifeAccountPush, LifeAccountPushPayload } from './mutations/LifeAccountPush';
import { merchantVisitRecord, MerchantVisitRecordPayload } from './mutations/MerchantVisitRecord';
import { miniProgramShare, MiniProgramSharePayload } from './mutations/MiniProgramShare';
import { Post } from './Post';
import { Query } from './Query';
import { Store } from './Store';
import { Topic } from './Topic';
import { SocialAccount, User } from './User';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation: { miniProgramShare, lifeAccountPush, merchantVisitRecord },
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
};
