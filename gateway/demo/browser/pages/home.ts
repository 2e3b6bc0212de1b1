/// <reference lib="dom" />
/**
 * The home screen: one request (the persisted MiniProgramHome query, by id),
 * three sections. A subgraph that is down costs its own section or fields
 * only: each part whose data is missing says so instead of disappearing.
 */
import {
  MiniProgramHome,
  unavailableServices,
  type MiniProgramHomeQuery,
} from '../../../../schema/client/index';
import type { Page } from '../router';
import { distance, el, link, section, yuan } from '../dom';
import { blame, degraded, requestErrors, unavailableNotice } from '../feedback';

type Home = MiniProgramHomeQuery;
type Topic = NonNullable<Home['trendingTopics']>[number];
type Store = NonNullable<Home['nearbyStores']>['edges'][number];

function trendingSection(topics: Topic[]): HTMLElement {
  return section(
    'trending',
    '热搜',
    'Trending',
    el(
      'ul',
      {},
      ...topics.map((topic) => {
        // A store or product its service could not describe is left out; the topic stays.
        const stores = (topic.relatedStores ?? []).filter((store) => store !== null);
        const products = (topic.relatedProducts ?? []).filter((product) => product !== null);
        return el(
          'li',
          { class: 'topic' },
          el('span', { class: 'heat' }, `热度 ${topic.heat.toLocaleString('zh-CN')}`),
          el('div', { class: 'title' }, topic.title),
          el('div', { class: 'en' }, topic.titleEn),
          stores.length > 0
            ? el(
                'div',
                { class: 'products' },
                '门店 Stores: ',
                ...stores.flatMap((store, index) => [
                  index > 0 ? '、' : '',
                  link(`#/store/${encodeURIComponent(store.id)}`, {}, store.name),
                ]),
              )
            : null,
          products.length > 0
            ? el(
                'div',
                { class: 'products' },
                `商品 Products: ${products
                  .map((product) => `${product.name} ${yuan(product.price)}`)
                  .join('、')}`,
              )
            : null,
        );
      }),
    ),
  );
}

function storeItem(edge: Store, unavailable: string[]): HTMLElement {
  const store = edge.node;
  const offer = store.memberOffer;
  const delivery = store.delivery
    ? `配送 Delivery ${yuan(store.delivery.fee)} · ${store.delivery.etaMinutes} min`
    : unavailable.includes('food')
      ? '配送信息暂不可用 · Delivery unavailable'
      : '不配送 · No delivery';
  return el(
    'li',
    { class: 'store', 'data-testid': 'store' },
    link(`#/store/${encodeURIComponent(store.id)}`, { class: 'title' }, store.name),
    el('div', { class: 'en' }, store.nameEn),
    el(
      'div',
      { class: 'facts' },
      el('span', { 'data-testid': 'distance' }, distance(edge.distanceMeters)),
      el('span', { 'data-testid': 'delivery' }, delivery),
    ),
    offer
      ? el(
          'span',
          { class: 'offer', 'data-testid': 'member-offer' },
          `${offer.isMember ? '会员 Member' : '可享 Offer'} · ${offer.merchantTier} · ${offer.discountPercent}% off · ${offer.description}`,
        )
      : null,
    store.products && store.products.length > 0
      ? el(
          'div',
          { class: 'products' },
          store.products.map((product) => `${product.name} ${yuan(product.price)}`).join(' · '),
        )
      : unavailable.includes('commerce')
        ? el('div', { class: 'products muted' }, '商品暂不可用 · Products unavailable')
        : null,
  );
}

function nearbySection(stores: Store[], unavailable: string[]): HTMLElement {
  return section(
    'nearby',
    '附近门店',
    'Nearby stores',
    stores.length === 0
      ? el('p', { class: 'muted' }, '附近没有门店 · No stores nearby')
      : el('ul', {}, ...stores.map((edge) => storeItem(edge, unavailable))),
  );
}

function membershipSection(me: NonNullable<Home['me']>): HTMLElement {
  const membership = me.membership;
  return el(
    'section',
    { 'data-testid': 'membership', 'data-state': 'ok', class: 'card' },
    el('h2', {}, '会员卡', el('small', { class: 'muted' }, 'Membership card')),
    el('div', { class: 'title' }, me.nickname),
    membership
      ? el(
          'dl',
          {},
          el('dt', {}, '等级 Tier'),
          el('dd', { 'data-testid': 'tier' }, membership.tier),
          el('dt', {}, '状态 Status'),
          el('dd', {}, membership.status === 'ACTIVE' ? '生效中 Active' : '未开通 None'),
          el('dt', {}, '本期已享 Benefits'),
          el('dd', {}, yuan(membership.benefitsThisPeriod)),
          el('dt', {}, '下次结算 Next charge'),
          el('dd', { 'data-testid': 'next-charge' }, yuan(membership.nextSettlementCharge)),
        )
      : el('p', { class: 'muted' }, '暂无会员信息 · No membership information'),
    link('#/me', { class: 'go' }, '会员与钱包 Memberships and wallet ›'),
  );
}

function signedOutSection(): HTMLElement {
  return el(
    'section',
    { 'data-testid': 'membership', 'data-state': 'signed-out', class: 'card' },
    el('h2', {}, '会员卡', el('small', { class: 'muted' }, 'Membership card')),
    el('p', {}, '登录后查看会员权益 · Sign in to see your membership'),
  );
}

const shortcuts = () =>
  el(
    'div',
    { class: 'shortcuts' },
    link('#/feed', {}, '动态', el('small', {}, 'Feed')),
    link('#/coupons', {}, '领券', el('small', {}, 'Coupons')),
    link('#/orders', {}, '订单', el('small', {}, 'Orders')),
  );

export const homePage: Page = async (app) => {
  const result = await app.client.execute(MiniProgramHome, app.point);
  const data = result.data;
  const unavailable = unavailableServices(result);
  const parts: (HTMLElement | null)[] = [unavailableNotice(result), shortcuts()];
  parts.push(
    data?.trendingTopics
      ? trendingSection(data.trendingTopics)
      : degraded('trending', '热搜', 'Trending', blame(result, 'social')),
  );
  parts.push(
    data?.nearbyStores
      ? nearbySection(data.nearbyStores.edges, unavailable)
      : degraded('nearby', '附近门店', 'Nearby stores', blame(result, 'maps')),
  );
  // An anonymous visitor's membership is refused (UNAUTHENTICATED): signed out, not failed.
  if (data?.me) parts.push(membershipSection(data.me));
  else if (unavailable.length > 0 || requestErrors(result).length > 0)
    parts.push(degraded('membership', '会员卡', 'Membership card', blame(result, 'payments')));
  else parts.push(signedOutSection());
  return {
    tab: 'home',
    title: 'Hutong 生活',
    titleEn: '西湖边的热搜、门店和会员 · What is hot and near around West Lake',
    parts: parts.filter((part) => part !== null),
  };
};
