import type { PaymentsContext } from '../context';

/** An order of another app, seen by the wallet: its payment, if its payer is asking. */
function paidOrder(owner: 'food' | 'commerce') {
  return {
    __resolveReference: (order: { id: string }) => order,
    payment: (order: { id: string }, _: unknown, { loaders }: PaymentsContext) =>
      loaders.paymentByOrderRef.load(`${owner}:${order.id}`),
  };
}

export const FoodOrder = paidOrder('food');
export const ShopOrder = paidOrder('commerce');
