/// <reference lib="dom" />
/**
 * A food order's status, polled while the order is open: mini-program
 * platforms allow few sockets, so the page asks again every few seconds, and
 * stops once the order is final or the user leaves. From here the user pays
 * an unpaid order and cancels one the kitchen has not sent out, and sees the
 * refund.
 */
import {
  FoodOrderCancel,
  FoodOrderStatus,
  type FoodOrderStatusQuery,
  type ExecutionResult,
} from '../../../../schema/client/index';
import type { DemoApp } from '../app';
import { button, clock, dateTime, el, fact, section, yuan } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import { payOrder } from '../payment';
import type { Page } from '../router';

type Order = NonNullable<FoodOrderStatusQuery['foodOrder']>;

export const POLL_INTERVAL_MS = 3000;

export const ORDER_STATUS_NAMES: Record<string, string> = {
  PLACED: '已下单 Placed',
  ACCEPTED: '商家已接单 Accepted',
  DELIVERING: '配送中 On its way',
  DELIVERED: '已送达 Delivered',
  READY: '待取餐 Ready',
  COMPLETED: '已完成 Completed',
  CANCELLED: '已取消 Cancelled',
};

const FINAL = new Set(['DELIVERED', 'COMPLETED', 'CANCELLED']);
const CANCELLABLE = new Set(['PLACED', 'ACCEPTED']);

function paymentFacts(order: Order): HTMLElement {
  const payment = order.payment;
  if (!payment) return fact('支付 Payment', '未支付 Not paid', 'payment-status');
  return payment.status === 'REFUNDED'
    ? fact(
        '支付 Payment',
        `已退款 REFUNDED ${yuan(payment.charged)}${payment.refundedAt ? ` · ${dateTime(payment.refundedAt)}` : ''}`,
        'payment-status',
      )
    : fact('支付 Payment', `已支付 Paid ${yuan(payment.charged)}`, 'payment-status');
}

function orderSections(order: Order, result: ExecutionResult<FoodOrderStatusQuery>): HTMLElement[] {
  return [
    el(
      'section',
      { 'data-testid': 'order-status', 'data-state': 'ok', 'data-status': order.status },
      el('div', { class: 'status' }, ORDER_STATUS_NAMES[order.status] ?? order.status),
      el('div', { class: 'en' }, order.store ? `${order.store.name} · ${order.store.nameEn}` : ''),
      order.readyAt && !FINAL.has(order.status)
        ? fact('预计 Ready by', dateTime(order.readyAt))
        : null,
      paymentFacts(order),
    ),
    section(
      'order-lines',
      '订单明细',
      'Items',
      el(
        'ul',
        {},
        ...order.lines.map((line) =>
          el(
            'li',
            { class: 'item' },
            el(
              'div',
              {},
              el('div', {}, line.menuItem?.name ?? ''),
              el('div', { class: 'en' }, line.menuItem?.nameEn ?? ''),
            ),
            el('span', {}, `× ${line.quantity}  ${yuan(line.unitPrice * line.quantity)}`),
          ),
        ),
      ),
      fact('菜品 Items', yuan(order.subtotal)),
      fact('配送费 Delivery', yuan(order.deliveryFee)),
      fact('优惠券 Coupon', `−${yuan(order.couponDiscount)}`),
      fact('合计 Total', yuan(order.total)),
      order.payment === null && result.errors.some((error) => error.path?.includes('payment'))
        ? el('p', { class: 'muted' }, '支付信息暂不可用 · Payment details unavailable')
        : null,
    ),
    section(
      'order-history',
      '进度',
      'History',
      el(
        'ul',
        {},
        ...order.history.map((change) =>
          el(
            'li',
            { class: 'step' },
            el('span', {}, ORDER_STATUS_NAMES[change.status] ?? change.status),
            el('span', { class: 'muted' }, dateTime(change.at)),
          ),
        ),
      ),
    ),
  ];
}

function actions(app: DemoApp, order: Order, reload: (keep: HTMLElement) => Promise<void>) {
  const outcome = el('div', {});
  const cancel = async () => {
    const result = await app.client.execute(FoodOrderCancel, { orderId: order.id });
    const payload = result.data?.foodOrderCancel;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.order)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    const payment = payload.order.payment;
    await reload(
      success(
        '订单已取消',
        'The order is cancelled',
        payment?.status === 'REFUNDED'
          ? el('p', {}, `已退款 ${yuan(payment.charged)} 到钱包 · Refunded to your wallet`)
          : el('p', {}, '未支付，无需退款 · Nothing was paid, nothing to refund'),
      ),
    );
  };
  const pay = async () => {
    if (!order.paymentRequest) return;
    const payment = await payOrder(app, order.paymentRequest, outcome);
    if (payment) await reload(success('支付成功', `Paid ${yuan(payment.charged)}`));
  };
  const buttons: HTMLElement[] = [];
  if (!order.payment && order.paymentRequest && !FINAL.has(order.status))
    buttons.push(
      button(`支付 Pay ${yuan(order.total)}`, pay, { class: 'primary', 'data-testid': 'pay' }),
    );
  if (CANCELLABLE.has(order.status))
    buttons.push(button('取消订单 Cancel order', cancel, { 'data-testid': 'cancel-order' }));
  return el('div', { class: 'actions' }, ...buttons, outcome);
}

export const orderPage: Page = async (app, route, control) => {
  const orderId = route.params[0] ?? '';
  const load = () => app.client.execute(FoodOrderStatus, { orderId });
  const first = await load();
  const body = el('div', {});
  const updated = el('p', { class: 'muted', 'data-testid': 'updated' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let notice: HTMLElement | null = null;

  const render = (result: ExecutionResult<FoodOrderStatusQuery>) => {
    const order = result.data?.foodOrder;
    updated.textContent = `更新于 ${clock(new Date())} · Updated${order && !FINAL.has(order.status) ? `, every ${POLL_INTERVAL_MS / 1000} s` : ''}`;
    body.replaceChildren(
      ...[
        notice,
        unavailableNotice(result),
        ...(order
          ? [...orderSections(order, result), actions(app, order, reloadWith)]
          : [
              result.errors.length > 0
                ? degraded('order-status', '订单', 'Order', blame(result, 'food'))
                : el('p', { class: 'failed' }, '找不到这笔订单 · Order not found'),
            ]),
      ].filter((part) => part !== null),
    );
    return order;
  };
  // Polls one request at a time: the next is asked for only once this one is
  // answered. An order that is final, or that does not exist, has nothing to wait for.
  const schedule = (order: Order | null | undefined, failed = false) => {
    clearTimeout(timer);
    if (order ? FINAL.has(order.status) : !failed) return;
    timer = setTimeout(async () => {
      if (!control.shown()) return;
      try {
        const result = await load();
        if (control.shown()) schedule(render(result), result.errors.length > 0);
      } catch {
        // A poll that got no answer is asked again at the next tick.
        if (control.shown()) schedule(undefined, true);
      }
    }, POLL_INTERVAL_MS);
  };
  async function reloadWith(kept: HTMLElement) {
    notice = kept;
    const result = await load();
    schedule(render(result), result.errors.length > 0);
  }
  schedule(render(first), first.errors.length > 0);
  return {
    tab: null,
    title: '订单状态',
    titleEn: 'Order status',
    parts: [body, updated],
    leave: () => clearTimeout(timer),
  };
};
