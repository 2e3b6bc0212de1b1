import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { ArrivalCoupon } from './ArrivalCoupon';
import { ArrivalOffer } from './ArrivalOffer';
import { Brand } from './Brand';
import { BusinessArea } from './BusinessArea';
import { storeArrive, StoreArrivePayload } from './mutations/StoreArrive';
import { Query } from './Query';
import { Store } from './Store';

export const resolvers: Resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation: { storeArrive },
  Store,
  BusinessArea,
  Brand,
  ArrivalOffer,
  ArrivalCoupon,
  StoreArrivePayload,
};
