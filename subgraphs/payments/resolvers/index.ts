import { DateTimeScalar, FenScalar } from '../../../lib/scalars';
import { LightMembership } from './LightMembership';
import { Merchant } from './Merchant';
import { Query } from './Query';
import { MemberOffer, Store } from './Store';
import { User } from './User';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  User,
  LightMembership,
  Merchant,
  Store,
  MemberOffer,
};
