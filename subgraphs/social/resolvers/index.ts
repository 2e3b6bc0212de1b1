import { DateTimeScalar } from '../../kit/scalars';
import { FeedItem, MiniProgram, MiniProgramCard } from './FeedItem';
import { LifeAccount, LifeAccountPush } from './LifeAccount';
import { lifeAccountPush, LifeAccountPushPayload } from './lifeAccountPush';
import { Merchant, TrafficPledge } from './Merchant';
import { merchantVisitRecord, MerchantVisitRecordPayload } from './merchantVisitRecord';
import { miniProgramShare, MiniProgramSharePayload } from './miniProgramShare';
import { Post } from './Post';
import { Query } from './Query';
import { Store } from './Store';
import { Topic } from './Topic';
import { SocialAccount, User } from './User';

export const resolvers = {
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
  MiniProgramSharePayload,
  LifeAccountPushPayload,
  MerchantVisitRecordPayload,
};
