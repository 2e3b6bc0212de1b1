import { appliedCouponOf } from '../../kit/coupon-codes';
import { signChargeRequest, signRefundRequest } from '../../kit/payment-requests';
import { offerForPayment } from '../../kit/wallet-closure';
import type { FoodOrderResolvers } from '../__generated__/resolvers-types';

export const FoodOrder: FoodOrderResolvers = {
  /** Private like the order itself: null unless the viewer is its customer or its store's staff. */
  __resolveReference: ({ id }, { loaders }) => loaders.visibleOrderById.load(id),
  store: (order) => ({ id: order.store_id }),
  tableNumber: (order) => order.table_number,
  readyAt: (order) => order.ready_at,
  deliveryFee: (order) => order.delivery_fee,
  couponDiscount: (order) => order.coupon_discount,
  deliverTo: (order) =>
    order.deliver_lat === null || order.deliver_lng === null
      ? null
      : { lat: order.deliver_lat, lng: order.deliver_lng },
  placedAt: (order) => order.placed_at,
  lines: (order, _, { loaders }) => loaders.linesByOrder.load(order.id),
  history: (order, _, { loaders }) => loaders.historyByOrder.load(order.id),

  /**
   * Signed here, where the order was priced: the customer hands it to the
   * wallet. Signing offers the order for payment, which its cancel then closes
   * at the wallet.
   */
  paymentRequest: async (order, _, { viewerId, loaders, config, db }) => {
    if (viewerId !== order.user_id || order.status === 'CANCELLED') return null;
    const merchantId = (await loaders.kitchenByStore.load(order.store_id))?.merchant_id;
    if (!merchantId) return null;
    // Offered once: later reads sign again without a write.
    if (!order.payment_offered && !(await offerForPayment(db, 'food_orders', order.id)))
      return null;
    return signChargeRequest(
      'food',
      {
        orderRef: foodOrderRef(order.id),
        payerId: order.user_id,
        merchantId,
        amount: order.total,
        coupon: appliedCouponOf(order),
        description: `外卖订单 Food order ${order.id}`,
      },
      config.paymentRequestSecrets.food,
    );
  },

  refundRequest: (order, _, { viewerId, config }) =>
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
