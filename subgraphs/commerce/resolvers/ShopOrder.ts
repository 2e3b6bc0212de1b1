import { signChargeRequest, signRefundRequest } from '../../kit/payment-requests';
import type { CommerceContext } from '../context';
import type { ShopOrderLineRow, ShopOrderRow } from '../data/loaders';

export const ShopOrder = {
  /** An order is its owner's alone: for anyone else the reference resolves to null. */
  __resolveReference: async ({ id }: { id: string }, { viewerId, loaders }: CommerceContext) => {
    const order = await loaders.shopOrderById.load(id);
    return order && order.user_id === viewerId ? order : null;
  },
  store: (order: ShopOrderRow) => ({ id: order.store_id }),
  lightShop: (order: ShopOrderRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.lightShopById.load(order.light_shop_id),
  lines: (order: ShopOrderRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.linesByShopOrder.load(order.id),
  placedAt: (order: ShopOrderRow) => order.placed_at,

  /** Signed here, where the order was priced: the owner hands it to the wallet. */
  paymentRequest: async (
    order: ShopOrderRow,
    _: unknown,
    { viewerId, loaders, config }: CommerceContext,
  ) => {
    if (viewerId !== order.user_id || order.status === 'CANCELLED') return null;
    const shop = await loaders.lightShopById.load(order.light_shop_id);
    const merchantId = shop && (await loaders.brandById.load(shop.brand_id))?.merchant_id;
    if (!merchantId) return null;
    return signChargeRequest(
      'commerce',
      {
        orderRef: shopOrderRef(order.id),
        payerId: order.user_id,
        merchantId,
        amount: order.total,
        description: `闪购订单 Shop order ${order.id}`,
      },
      config.paymentRequestSecrets.commerce,
    );
  },

  /**
   * Once cancelled, the marketplace's word to the wallet that the order is
   * called off: the gateway brings it to ShopOrder.payment, which closes the
   * order for payment and refunds what was paid.
   */
  refundRequest: (order: ShopOrderRow, _: unknown, { viewerId, config }: CommerceContext) =>
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

export const ShopOrderLine = {
  product: (line: ShopOrderLineRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.productById.load(line.product_id),
  unitPrice: (line: ShopOrderLineRow) => line.unit_price,
  lineTotal: (line: ShopOrderLineRow) => line.quantity * line.unit_price,
};
