import { signChargeRequest, signRefundRequest } from '../../kit/payment-requests';
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

  /** Signed here, where the order was priced: the customer hands it to the wallet. */
  paymentRequest: async (
    order: FoodOrderRow,
    _: unknown,
    { viewerId, loaders, config }: FoodContext,
  ) => {
    if (viewerId !== order.user_id || order.status === 'CANCELLED') return null;
    const merchantId = (await loaders.kitchenByStore.load(order.store_id))?.merchant_id;
    if (!merchantId) return null;
    return signChargeRequest(
      'food',
      {
        orderRef: foodOrderRef(order.id),
        payerId: order.user_id,
        merchantId,
        amount: order.total,
        description: `外卖订单 Food order ${order.id}`,
      },
      config.paymentRequestSecrets.food,
    );
  },

  refundRequest: (order: FoodOrderRow, _: unknown, { viewerId, config }: FoodContext) =>
    viewerId === order.user_id && order.status === 'CANCELLED'
      ? signRefundRequest(
          'food',
          { orderRef: foodOrderRef(order.id) },
          config.paymentRequestSecrets.food,
        )
      : null,
};

/** How the wallet knows a food order: the owner's name, then the order's id. */
export const foodOrderRef = (orderId: string) => `food:${orderId}`;
