import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import { ArrivalCoupon } from './ArrivalCoupon';
import { ArrivalOffer } from './ArrivalOffer';
import { BusinessArea } from './BusinessArea';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Store } from './Store';
import { StoreArrivePayload } from './StoreArrivePayload';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Store,
  BusinessArea,
  ArrivalOffer,
  ArrivalCoupon,
  StoreArrivePayload,
};
