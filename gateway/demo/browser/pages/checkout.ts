/// <reference lib="dom" />
/**
 * Checking out a food order: the dishes chosen on the store page, a coupon of
 * the user's to price it with (CheckoutCoupons), the order placed
 * (FoodOrderPlace, delivered to where the user is), then paid with the
 * payment request the order came back with (CheckoutPay). A coupon the order
 * refuses leaves the choice open: pick another and place it again.
 */
import {
  CheckoutCoupons,
  FoodOrderPlace,
  StorePage,
  type CheckoutCouponsQuery,
  type FoodOrderPlaceMutation,
} from '../../../../schema/client/index';
import { idempotencyKey, type DemoApp } from '../app';
import { button, date, el, fact, link, section, yuan } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import { payOrder } from '../payment';
import type { Page } from '../router';

type Coupon = NonNullable<NonNullable<CheckoutCouponsQuery['me']>['coupons']>[number];
type PlacedOrder = NonNullable<NonNullable<FoodOrderPlaceMutation['foodOrderPlace']>['order']>;

/** `mi-kfc-bucket:1,mi-kfc-zinger:2` → the order's lines. */
function linesOf(items: string | null): { menuItemId: string; quantity: number }[] {
  return (items ?? '')
    .split(',')
    .map((entry) => entry.split(':'))
    .map(([menuItemId = '', quantity = '']) => ({ menuItemId, quantity: Number(quantity) }))
    .filter((line) => line.menuItemId !== '' && Number.isInteger(line.quantity));
}

function couponPicker(coupons: Coupon[]): { element: HTMLElement; chosen: () => string | null } {
  // A coupon without a code is spent where it was given, not at a checkout.
  const spendable = coupons.filter((coupon) => coupon.status === 'AVAILABLE' && coupon.code);
  const option = (value: string, checked: boolean, ...label: (HTMLElement | string)[]) => {
    const input = el('input', { type: 'radio', name: 'coupon', value });
    (input as HTMLInputElement).checked = checked;
    return el('label', { class: 'choice' }, input, el('span', {}, ...label));
  };
  const element = el(
    'div',
    { class: 'choices', 'data-testid': 'coupon-picker' },
    option('', true, '不用券 ', el('span', { class: 'en' }, 'No coupon')),
    ...spendable.map((coupon) =>
      option(
        coupon.code ?? '',
        false,
        el('span', { class: 'title' }, coupon.title),
        ` −${yuan(coupon.discount)} `,
        el(
          'span',
          { class: 'en' },
          `${coupon.titleEn} · 满 ${yuan(coupon.minimumSpend)} · 至 ${date(coupon.validUntil)}`,
        ),
      ),
    ),
  );
  return {
    element,
    chosen: () =>
      element.querySelector<HTMLInputElement>('input[name="coupon"]:checked')?.value || null,
  };
}

function payStep(app: DemoApp, order: PlacedOrder): HTMLElement {
  const outcome = el('div', {});
  const pay = async () => {
    if (!order.paymentRequest) return;
    const payment = await payOrder(app, order.paymentRequest, outcome);
    if (!payment) return;
    step.replaceChildren(
      success(
        '支付成功',
        `Paid to ${payment.merchant?.name ?? 'the merchant'}`,
        fact('订单金额 Amount', yuan(payment.amount)),
        fact('会员优惠 Member discount', `−${yuan(payment.memberTierDiscount)}`),
        fact('优惠券 Coupon', `−${yuan(payment.couponDiscount)}`),
        fact('实付 Charged', yuan(payment.charged), 'charged'),
        link(
          `#/order/${encodeURIComponent(order.id)}`,
          { class: 'primary', 'data-testid': 'order-status-link' },
          '查看订单状态 Order status ›',
        ),
      ),
    );
  };
  const step = el(
    'div',
    { class: 'step-block', 'data-testid': 'pay-step' },
    success(
      '下单成功，请支付',
      'Order placed: pay to send it to the kitchen',
      fact('菜品 Items', yuan(order.subtotal)),
      fact('配送费 Delivery', yuan(order.deliveryFee)),
      fact('优惠券 Coupon', `−${yuan(order.couponDiscount)}`),
      fact('应付 To pay', yuan(order.total), 'order-total'),
    ),
    button(`支付 Pay ${yuan(order.total)}`, pay, { class: 'primary', 'data-testid': 'pay' }),
    outcome,
  );
  return step;
}

export const checkoutPage: Page = async (app, route) => {
  const storeId = route.params[0] ?? '';
  const lines = linesOf(route.query.get('items'));
  const [page, wallet] = await Promise.all([
    app.client.execute(StorePage, { storeId, ...app.point }),
    app.client.execute(CheckoutCoupons),
  ]);
  const store = page.data?.store;
  const menu = new Map((store?.menu ?? []).map((item) => [item.id, item]));
  const subtotal = lines.reduce(
    (sum, line) => sum + (menu.get(line.menuItemId)?.price ?? 0) * line.quantity,
    0,
  );
  const coupons = wallet.data?.me?.coupons;
  const picker = coupons ? couponPicker(coupons) : null;
  const outcome = el('div', {});
  const place = async () => {
    const result = await app.client.execute(FoodOrderPlace, {
      storeId,
      lines,
      fulfilment: 'DELIVERY',
      deliverTo: app.point,
      pickupAt: null,
      tableNumber: null,
      couponCode: picker?.chosen() ?? null,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.foodOrderPlace;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.order)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    // Placed: the choice is final, and placing again would be a second order.
    orderForm.replaceChildren(payStep(app, payload.order));
  };
  const orderForm = el(
    'div',
    {},
    picker
      ? section('coupons', '优惠券', 'Coupon', picker.element)
      : degraded('coupons', '优惠券', 'Coupon', blame(wallet, 'payments', 'commerce')),
    outcome,
    button('提交订单 Place order', place, { class: 'primary', 'data-testid': 'place-order' }),
  );
  return {
    tab: null,
    title: '确认订单',
    titleEn: `Checkout · ${store?.nameEn ?? storeId}`,
    parts: [
      unavailableNotice(page) ?? unavailableNotice(wallet),
      section(
        'order-lines',
        store?.name ?? '订单',
        '外卖送到当前位置 · Delivered to where you are',
        el(
          'ul',
          {},
          ...lines.map((line) => {
            const item = menu.get(line.menuItemId);
            return el(
              'li',
              { class: 'item' },
              el(
                'div',
                {},
                el('div', {}, item?.name ?? line.menuItemId),
                el('div', { class: 'en' }, item?.nameEn ?? ''),
              ),
              el('span', {}, `× ${line.quantity}  ${item ? yuan(item.price * line.quantity) : ''}`),
            );
          }),
        ),
        fact('菜品合计 Items', yuan(subtotal)),
        store?.delivery ? fact('配送费 Delivery', yuan(store.delivery.fee)) : null,
      ),
      orderForm,
    ].filter((part) => part !== null),
  };
};
