/// <reference lib="dom" />
/**
 * A store's page: its menu to order from, the delivery quote, its products,
 * the member offer and the merchant's light membership to join. The menu and
 * the membership come from different subgraphs, so each part stands alone.
 */
import {
  MembershipJoin,
  MembershipOffer,
  StorePage,
  type MembershipOfferQuery,
  type StorePageQuery,
} from '../../../../schema/client/index';
import { idempotencyKey, type DemoApp } from '../app';
import { button, distance, el, fact, link, section, yuan, date } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import type { Page, ScreenControl } from '../router';

type Store = NonNullable<StorePageQuery['store']>;
type Merchant = NonNullable<NonNullable<MembershipOfferQuery['store']>['merchant']>;

const FULFILMENT_NAMES: Record<string, string> = {
  DELIVERY: '外卖 Delivery',
  PICKUP: '自取 Pickup',
  DINE_IN: '堂食 Dine in',
};

function aboutSection(store: Store): HTMLElement {
  const delivery = store.delivery;
  return section(
    'store-about',
    '门店信息',
    'About the store',
    fact('地址 Address', `${store.address} · ${store.addressEn}`),
    store.travel
      ? fact(
          '距离 Distance',
          `${distance(store.travel.distanceMeters)} · 步行 ${store.travel.walkingMinutes} min walk`,
        )
      : null,
    store.brand
      ? fact(
          '品牌 Brand',
          link(
            `#/brand/${encodeURIComponent(store.brand.id)}`,
            { 'data-testid': 'brand-link' },
            `${store.brand.name} ${store.brand.nameEn} ›`,
          ),
        )
      : null,
    store.fulfilmentModes
      ? fact(
          '服务 Serves',
          store.fulfilmentModes.map((mode) => FULFILMENT_NAMES[mode] ?? mode).join(' · '),
        )
      : null,
    delivery
      ? fact(
          '配送 Delivery',
          delivery.kitchenOpen
            ? `${yuan(delivery.fee)} · ${delivery.etaMinutes} min`
            : `厨房休息中 Kitchen closed${delivery.opensAt ? ` · ${delivery.opensAt}` : ''}`,
          'delivery-quote',
        )
      : null,
    store.memberOffer
      ? el(
          'div',
          { class: 'offer', 'data-testid': 'member-offer' },
          `${store.memberOffer.isMember ? '会员 Member' : '可享 Offer'} · ${store.memberOffer.merchantTier} · ${store.memberOffer.discountPercent}% off · ${store.memberOffer.description}`,
        )
      : null,
    store.arrivalOffer
      ? el(
          'div',
          { class: 'offer' },
          `到店礼 ${store.arrivalOffer.title} · ${store.arrivalOffer.titleEn}`,
        )
      : null,
  );
}

/** The menu with a quantity for each dish; checking out carries the choice in the URL. */
function menuSection(store: Store): HTMLElement {
  const menu = store.menu ?? [];
  const quantities = new Map<string, number>();
  const total = el('span', { 'data-testid': 'cart-total' }, yuan(0));
  const checkout = el(
    'a',
    { class: 'primary disabled', 'data-testid': 'checkout', href: '#' },
    '去结算 Checkout',
  );
  const update = () => {
    let sum = 0;
    const chosen: string[] = [];
    for (const item of menu) {
      const quantity = quantities.get(item.id) ?? 0;
      sum += quantity * item.price;
      if (quantity > 0) chosen.push(`${item.id}:${quantity}`);
    }
    total.textContent = yuan(sum);
    checkout.setAttribute(
      'href',
      chosen.length > 0
        ? `#/checkout/${encodeURIComponent(store.id)}?items=${chosen.join(',')}`
        : '#',
    );
    checkout.classList.toggle('disabled', chosen.length === 0);
  };
  const items = menu.map((item) => {
    const count = el('span', { class: 'count', 'data-testid': 'quantity' }, '0');
    const change = (delta: number) => () => {
      const next = Math.max(0, Math.min(99, (quantities.get(item.id) ?? 0) + delta));
      quantities.set(item.id, next);
      count.textContent = String(next);
      update();
    };
    const minus = el('button', { type: 'button', 'aria-label': `减少 Less ${item.nameEn}` }, '−');
    const plus = el('button', { type: 'button', 'aria-label': `加 Add ${item.nameEn}` }, '+');
    minus.addEventListener('click', change(-1));
    plus.addEventListener('click', change(1));
    return el(
      'li',
      { class: 'item', 'data-testid': 'menu-item' },
      el(
        'div',
        {},
        el('div', { class: 'title' }, item.name),
        el('div', { class: 'en' }, item.nameEn),
        el('div', { class: 'price' }, yuan(item.price)),
      ),
      item.available
        ? el('div', { class: 'stepper' }, minus, count, plus)
        : el('span', { class: 'muted' }, '售罄 Sold out'),
    );
  });
  return section(
    'menu',
    '菜单',
    'Menu',
    menu.length === 0
      ? el('p', { class: 'muted' }, '这家门店没有外卖菜单 · No menu to order from')
      : el('ul', {}, ...items),
    menu.length > 0
      ? el('div', { class: 'cart' }, el('span', {}, '合计 Total '), total, checkout)
      : null,
  );
}

function productsSection(store: Store): HTMLElement | null {
  const products = store.products ?? [];
  if (products.length === 0) return null;
  return section(
    'products',
    '商品',
    'Products',
    el(
      'ul',
      {},
      ...products.map((product) =>
        el(
          'li',
          { class: 'item' },
          el('div', {}, el('div', {}, product.name), el('div', { class: 'en' }, product.nameEn)),
          el('span', { class: 'price' }, yuan(product.price)),
        ),
      ),
    ),
  );
}

function membershipSection(app: DemoApp, merchant: Merchant, control: ScreenControl): HTMLElement {
  const programme = merchant.membershipProgramme;
  const card = merchant.memberCard;
  const outcome = el('div', {});
  const join = async () => {
    const result = await app.client.execute(MembershipJoin, {
      merchantId: merchant.id,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.lightMembershipJoin;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.membership)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    const membership = payload.membership;
    await control.refresh(
      success(
        `已加入 ${membership.merchant.name} 轻会员`,
        `You joined ${merchant.nameEn}'s light membership`,
        fact('折扣 Discount', `${membership.discountPercent}%`),
        fact('本期至 Period ends', date(membership.periodEnd)),
        fact('下次结算 Next charge', yuan(membership.nextSettlementCharge), 'joined-next-charge'),
        link('#/me', { class: 'go' }, '在“我的”查看 See it under Me ›'),
      ),
    );
  };
  return section(
    'membership-offer',
    '轻会员',
    'Light membership',
    el('div', { class: 'title' }, `${merchant.name} ${merchant.nameEn}`),
    card
      ? el(
          'div',
          { class: 'offer' },
          `${card.isMember ? '会员 Member' : '可享 Offer'} · ${card.merchantTier} · ${card.description}`,
        )
      : null,
    programme
      ? el(
          'div',
          {},
          fact('月费 Fee', `${yuan(programme.fee)} / ${programme.periodDays} 天 days`),
          fact('折扣 Discount', `${programme.discountPercent}%`),
          fact('信用分 Credit score', `≥ ${programme.minimumCreditScore}`),
          el(
            'p',
            { class: 'muted' },
            '先享后付：本期结束时按已享优惠结算 · Enjoy now, settle the benefits at the end of the period',
          ),
          button('开通轻会员 Join', join, { class: 'primary', 'data-testid': 'join' }),
          outcome,
        )
      : el('p', { class: 'muted' }, '该商家没有轻会员 · No light membership here'),
  );
}

export const storePage: Page = async (app, route, control) => {
  const storeId = route.params[0] ?? '';
  const [page, offer] = await Promise.all([
    app.client.execute(StorePage, { storeId, ...app.point }),
    app.client.execute(MembershipOffer, { storeId }),
  ]);
  const store = page.data?.store;
  if (!store) {
    return {
      tab: null,
      title: '门店',
      titleEn: 'Store',
      parts: [
        page.errors.length > 0
          ? degraded('store-about', '门店信息', 'About the store', blame(page, 'maps'))
          : el('p', { class: 'failed' }, '找不到这家门店 · Store not found'),
      ],
    };
  }
  const merchant = offer.data?.store?.merchant;
  const parts: (HTMLElement | null)[] = [
    unavailableNotice(page),
    aboutSection(store),
    store.menu ? menuSection(store) : degraded('menu', '菜单', 'Menu', blame(page, 'food')),
    store.products
      ? productsSection(store)
      : degraded('products', '商品', 'Products', blame(page, 'commerce')),
    merchant
      ? membershipSection(app, merchant, control)
      : degraded('membership-offer', '轻会员', 'Light membership', blame(offer, 'payments')),
  ];
  return {
    tab: null,
    title: store.name,
    titleEn: store.nameEn,
    parts: parts.filter((part) => part !== null),
  };
};
