import type { FoodContext } from '../context';
import type { FoodOrderRow } from '../data/rows';

export const FoodOrder = {
  /** Private like the order itself: null unless the viewer is its customer or its store's staff. */
  __resolveReference: ({ id }: { id: string }, { loaders }: FoodContext) =>
    loaders.visibleOrderById.load(id),
  store: (order: FoodOrderRow) => ({ id: order.store_id }),
  deliveryFee: (order: FoodOrderRow) => order.delivery_fee,
  deliverTo: (order: FoodOrderRow) =>
    order.deliver_lat === null || order.deliver_lng === null
      ? null
      : { lat: order.deliver_lat, lng: order.deliver_lng },
  placedAt: (order: FoodOrderRow) => order.placed_at,
  lines: (order: FoodOrderRow, _: unknown, { loaders }: FoodContext) =>
    loaders.linesByOrder.load(order.id),
  history: (order: FoodOrderRow, _: unknown, { loaders }: FoodContext) =>
    loaders.historyByOrder.load(order.id),
};
