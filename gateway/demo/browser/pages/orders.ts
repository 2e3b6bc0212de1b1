/// <reference lib="dom" />
/** The orders tab: the user's food orders, newest first, each opening its status. */
import { FoodOrderList } from '../../../../schema/client/index';
import { dateTime, el, link, section, yuan } from '../dom';
import { blame, degraded, unavailableNotice } from '../feedback';
import type { Page } from '../router';
import { ORDER_STATUS_NAMES } from './order';

export const ordersPage: Page = async (app) => {
  const result = await app.client.execute(FoodOrderList, { first: 20, after: null });
  const orders = result.data?.me?.foodOrders;
  return {
    tab: 'orders',
    title: '订单',
    titleEn: 'Orders',
    parts: [
      unavailableNotice(result),
      orders
        ? section(
            'food-orders',
            '外卖订单',
            'Food orders',
            orders.edges.length === 0
              ? el('p', { class: 'muted' }, '还没有订单 · No orders yet')
              : el(
                  'ul',
                  {},
                  ...orders.edges.map(({ node: order }) =>
                    el(
                      'li',
                      { class: 'item', 'data-testid': 'food-order' },
                      link(
                        `#/order/${encodeURIComponent(order.id)}`,
                        {},
                        el('div', { class: 'title' }, order.store?.name ?? order.id),
                        el('div', { class: 'en' }, dateTime(order.placedAt)),
                      ),
                      el(
                        'div',
                        { class: 'right' },
                        el('div', {}, yuan(order.total)),
                        el(
                          'div',
                          { class: 'en' },
                          ORDER_STATUS_NAMES[order.status] ?? order.status,
                        ),
                      ),
                    ),
                  ),
                ),
          )
        : degraded('food-orders', '外卖订单', 'Food orders', blame(result, 'food')),
    ].filter((part) => part !== null),
  };
};
