import type { PayloadRecord } from '../../kit/mutations';
import type { FoodContext } from '../context';

/** What a food order mutation records (and withIdempotency replays): the order as its id. */
type OrderPayloadRecord = PayloadRecord & { orderId?: string };

const orderPayload = {
  order: (payload: OrderPayloadRecord, _: unknown, { loaders }: FoodContext) =>
    payload.orderId ? loaders.visibleOrderById.load(payload.orderId) : null,
};

export const FoodOrderPlacePayload = orderPayload;
export const FoodOrderAcceptPayload = orderPayload;
export const FoodOrderDispatchPayload = orderPayload;
export const FoodOrderDeliverPayload = orderPayload;
export const FoodOrderCancelPayload = orderPayload;
