import { appliedCouponOf } from '../../kit/coupon-codes';
import { signChargeRequest, signRefundRequest } from '../../kit/payment-requests';
import { offerForPayment } from '../../kit/wallet-closure';
import { loadReferenced } from '../../kit/loaders';
import type { ShopOrderLineResolvers, ShopOrderResolvers } from '../__generated__/resolvers-types';

/** A payment request's lifetime, when the order's reservation does not end sooner. */
const PAYMENT_REQUEST_SECONDS = 30 * 60;

export const ShopOrder: ShopOrderResolvers = {
  /** An order is its owner's alone: for anyone else the reference resolves to null. */
  __resolveReference: async ({ id }, { viewerId, loaders }) => {
    const order = await loaders.shopOrderById.load(id);
    return order && order.user_id === viewerId ? order : null;
  },
  store: (order) => ({ id: order.store_id }),
  lightShop: (order, _, { loaders }) =>
    loadReferenced(loaders.lightShopById, order.light_shop_id, 'Light shop'),
  lines: (order, _, { loaders }) => loaders.linesByShopOrder.load(order.id),
  placedAt: (order) => order.placed_at,
  reservedUntil: (order) => order.reserved_until,
  couponDiscount: (order) => order.coupon_discount,

  /**
   * Signed here, where the order was priced: the owner hands it to the wallet.
   * Signing offers the order for payment, which its cancel then closes at the
   * wallet.
   */
  paymentRequest: async (order, _, { viewerId, loaders, config, db }) => {
    if (viewerId !== order.user_id || order.status !== 'PLACED') return null;
    const secondsReserved = order.reserved_until
      ? Math.floor((order.reserved_until.getTime() - Date.now()) / 1000)
      : PAYMENT_REQUEST_SECONDS;
    if (secondsReserved <= 0) return null;
    const shop = await loaders.lightShopById.load(order.light_shop_id);
    const merchantId = shop && (await loaders.brandById.load(shop.brand_id))?.merchant_id;
    if (!merchantId) return null;
    // Offered once: later reads sign again without a write.
    if (!order.payment_offered && !(await offerForPayment(db, 'shop_orders', order.id)))
      return null;
    return signChargeRequest(
      'commerce',
      {
        orderRef: shopOrderRef(order.id),
        payerId: order.user_id,
        merchantId,
        amount: order.total,
        coupon: appliedCouponOf(order),
        description: `闪购订单 Shop order ${order.id}`,
      },
      config.paymentRequestSecrets.commerce,
      // No request outlives the reservation: after it the order is released, not paid.
      Math.min(secondsReserved, PAYMENT_REQUEST_SECONDS),
    );
  },

  /**
   * Once cancelled, the marketplace's word to the wallet that the order is
   * called off: the gateway brings it to ShopOrder.payment, which closes the
   * order for payment and refunds what was paid.
   */
  refundRequest: (order, _, { viewerId, config }) =>
    viewerId === order.user_id && order.status === 'CANCELLED'
      ? signRefundRequest(
          'commerce',
          { orderRef: shopOrderRef(order.id) },
          config.paymentRequestSecrets.commerce,
        )
      : null,
};

/** How the wallet knows a shop order: the owner's name, then the order's id. */
export const shopOrderRef = (orderId: string) => `commerce:${orderId}`;

export const ShopOrderLine: ShopOrderLineResolvers = {
  product: (line, _, { loaders }) =>
    loadReferenced(loaders.productById, line.product_id, 'Product'),
  unitPrice: (line) => line.unit_price,
  lineTotal: (line) => line.quantity * line.unit_price,
};
