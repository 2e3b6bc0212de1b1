import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import { LightMembership, MembershipSettlement } from './LightMembership';
import { MembershipProgramme, Merchant } from './Merchant';
import {
  LightMembershipPayload,
  Mutation,
  PaymentCreatePayload,
  PaymentRefundPayload,
} from './Mutation';
import { FoodOrder, ShopOrder } from './Order';
import { Payment } from './Payment';
import { Query } from './Query';
import { MemberOffer, Store } from './Store';
import { User } from './User';
import { LedgerEntry, Wallet } from './Wallet';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  User,
  Wallet,
  LedgerEntry,
  LightMembership,
  MembershipSettlement,
  Merchant,
  MembershipProgramme,
  Store,
  MemberOffer,
  Payment,
  FoodOrder,
  ShopOrder,
  PaymentCreatePayload,
  PaymentRefundPayload,
  LightMembershipPayload,
};
