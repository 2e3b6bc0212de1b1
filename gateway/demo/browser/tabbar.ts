/// <reference lib="dom" />
/** The mini-program's bottom tab bar: the five screens a user starts from. */
import { el } from './dom';

export type TabName = 'home' | 'orders' | 'coupons' | 'favorites' | 'me';

const TABS: { name: TabName; href: string; zh: string; en: string }[] = [
  { name: 'home', href: '#/', zh: '首页', en: 'Home' },
  { name: 'orders', href: '#/orders', zh: '订单', en: 'Orders' },
  { name: 'coupons', href: '#/coupons', zh: '优惠券', en: 'Coupons' },
  { name: 'favorites', href: '#/favorites', zh: '收藏', en: 'Favorites' },
  { name: 'me', href: '#/me', zh: '我的', en: 'Me' },
];

export function tabBar(current: TabName | null): HTMLElement {
  return el(
    'nav',
    { class: 'tabbar', 'aria-label': '导航 Navigation' },
    ...TABS.map((tab) =>
      el(
        'a',
        {
          href: tab.href,
          'data-tab': tab.name,
          ...(tab.name === current ? { 'aria-current': 'page' } : {}),
        },
        el('span', {}, tab.zh),
        el('small', {}, tab.en),
      ),
    ),
  );
}
