import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Coupon } from './Coupon';
import { LightMembership, Membership, MembershipSettlement } from './LightMembership';
import { MembershipProgramme, Merchant } from './Merchant';
import { lightMembershipCancel } from './mutations/LightMembershipCancel';
import { lightMembershipJoin, LightMembershipPayload } from './mutations/LightMembershipJoin';
import {
  membershipSettlementPay,
  MembershipSettlementPayPayload,
} from './mutations/MembershipSettlementPay';
import {
  merchantTierMappingSet,
  MerchantTierMappingSetPayload,
} from './mutations/MerchantTierMappingSet';
import { paymentCreate, PaymentCreatePayload } from './mutations/PaymentCreate';
import { paymentRefund, PaymentRefundPayload } from './mutations/PaymentRefund';
import { walletTopUp, WalletTopUpPayload } from './mutations/WalletTopUp';
import { FoodOrder, ShopOrder } from './Order';
import { Payment } from './Payment';
import { Query } from './Query';
import { FundingSource, TopUp } from './TopUp';
import { MemberOffer, Store } from './Store';
import { User } from './User';
import { LedgerEntry, MerchantAccount, Wallet } from './Wallet';

export const resolvers: Resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation: {
    paymentCreate,
    paymentRefund,
    lightMembershipJoin,
    lightMembershipCancel,
    membershipSettlementPay,
    merchantTierMappingSet,
    walletTopUp,
  },
  User,
  Wallet,
  MerchantAccount,
  LedgerEntry,
  Membership,
  LightMembership,
  MembershipSettlement,
  Merchant,
  MembershipProgramme,
  Store,
  MemberOffer,
  Payment,
  TopUp,
  FundingSource,
  Coupon,
  FoodOrder,
  ShopOrder,
  PaymentCreatePayload,
  PaymentRefundPayload,
  LightMembershipPayload,
  MembershipSettlementPayPayload,
  MerchantTierMappingSetPayload,
  WalletTopUpPayload,
};
