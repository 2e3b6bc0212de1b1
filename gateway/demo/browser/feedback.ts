/// <reference lib="dom" />
/**
 * What the user is told when a step is refused or a part of the page could not
 * load. A refusal comes as a userError whose code says why; the table below
 * turns each code the subgraphs use into what happened and what to do next,
 * in Chinese first and English under it. A code the table does not know still
 * shows the subgraph's own message, so a new rule never leaves the user with
 * nothing.
 */
import {
  unavailableServices,
  type ExecutionResult,
  type GraphQLErrorShape,
} from '../../../schema/client/index';
import { el, failureText, link, type Child } from './dom';

export interface UserErrorShape {
  code: string;
  message: string;
}

interface Advice {
  zh: string;
  en: string;
  nextZh: string;
  nextEn: string;
  /** Where the next step is done, when it is on another page. */
  go?: { href: string; zh: string; en: string };
}

const TOP_UP = { href: '#/me', zh: '去充值', en: 'Top up' };
const COUPONS = { href: '#/coupons', zh: '查看优惠券', en: 'See your coupons' };
const ORDERS = { href: '#/orders', zh: '查看订单', en: 'See your orders' };
const MEMBERSHIP = { href: '#/me', zh: '查看会员', en: 'See your memberships' };

const CHOOSE_ANOTHER_COUPON = {
  nextZh: '请换一张优惠券，或不用券下单。',
  nextEn: 'Choose another coupon, or order without one.',
};
const ORDER_AGAIN = {
  nextZh: '请重新下单。',
  nextEn: 'Place the order again.',
};
const CHANGE_ITEMS = {
  nextZh: '请调整菜品后再下单。',
  nextEn: 'Change the items and order again.',
};
const TRY_LATER = {
  nextZh: '请稍后再试。',
  nextEn: 'Try again later.',
};

export const USER_ERROR_ADVICE: Record<string, Advice> = {
  // Placing a food order (food) and the coupon it is priced with (subgraphs/kit/coupon-codes.ts).
  STORE_NOT_FOUND: { zh: '找不到这家门店', en: 'This store was not found', ...TRY_LATER },
  STORE_CLOSED: {
    zh: '门店暂未营业',
    en: 'The store is closed now',
    nextZh: '请在营业时间再来，或换一家门店。',
    nextEn: 'Order when it opens, or choose another store.',
  },
  STORE_NOT_DELIVERING: {
    zh: '这家门店不提供外卖',
    en: 'This store does not deliver',
    nextZh: '请选择自取或堂食，或换一家门店。',
    nextEn: 'Pick up or eat in, or choose another store.',
  },
  OUT_OF_DELIVERY_RANGE: {
    zh: '超出配送范围',
    en: 'You are beyond its delivery range',
    nextZh: '请换一家近一点的门店，或到店自取。',
    nextEn: 'Choose a nearer store, or pick the order up.',
  },
  FULFILMENT_NOT_OFFERED: {
    zh: '门店不提供这种取餐方式',
    en: 'The store does not offer this way of serving',
    nextZh: '请换一种取餐方式。',
    nextEn: 'Choose another way to get your food.',
  },
  PICKUP_TIME_UNAVAILABLE: {
    zh: '这个自取时间不可用',
    en: 'That pickup time is not available',
    nextZh: '请在门店营业时间内选一个时间。',
    nextEn: 'Choose a time within the kitchen’s hours.',
  },
  INVALID_TABLE_NUMBER: {
    zh: '桌号无效',
    en: 'That table number is not valid',
    nextZh: '请核对桌上的桌号。',
    nextEn: 'Check the number on your table.',
  },
  EMPTY_ORDER: {
    zh: '还没有选菜品',
    en: 'The order has no items',
    nextZh: '请至少选一样菜品。',
    nextEn: 'Choose at least one item.',
  },
  ITEM_UNAVAILABLE: { zh: '有菜品已售罄', en: 'An item is sold out', ...CHANGE_ITEMS },
  ITEM_NOT_IN_STORE: {
    zh: '有菜品不属于这家门店',
    en: 'An item is not on this menu',
    ...CHANGE_ITEMS,
  },
  DUPLICATE_LINE: { zh: '同一菜品出现了两次', en: 'An item is listed twice', ...CHANGE_ITEMS },
  INVALID_QUANTITY: { zh: '数量须在1到99之间', en: 'Quantities go from 1 to 99', ...CHANGE_ITEMS },
  TOO_MANY_LINES: { zh: '菜品种类太多', en: 'Too many different items', ...CHANGE_ITEMS },
  COUPON_INVALID: {
    zh: '这张优惠券无效',
    en: 'This coupon is not valid',
    ...CHOOSE_ANOTHER_COUPON,
  },
  COUPON_EXPIRED: { zh: '优惠券已过期', en: 'The coupon has expired', ...CHOOSE_ANOTHER_COUPON },
  COUPON_NOT_YOURS: {
    zh: '这张优惠券不属于你',
    en: 'This coupon belongs to someone else',
    ...CHOOSE_ANOTHER_COUPON,
  },
  COUPON_WRONG_MERCHANT: {
    zh: '这张优惠券不适用于该商家',
    en: 'This coupon does not apply at this merchant',
    ...CHOOSE_ANOTHER_COUPON,
  },
  COUPON_MINIMUM_SPEND: {
    zh: '未达到优惠券的最低消费',
    en: 'The order is below the coupon’s minimum spend',
    nextZh: '请加购菜品，或换一张优惠券。',
    nextEn: 'Add items, or choose another coupon.',
  },
  COUPON_ALREADY_USED: {
    zh: '优惠券已用于另一笔订单',
    en: 'The coupon paid another order',
    nextZh: '请取消本单，不用这张券重新下单。',
    nextEn: 'Cancel this order and order again without the coupon.',
    go: ORDERS,
  },
  // Paying (payments).
  INSUFFICIENT_BALANCE: {
    zh: '余额不足',
    en: 'Your balance is too low',
    nextZh: '请先充值，再重试。',
    nextEn: 'Top up your wallet, then try again.',
    go: TOP_UP,
  },
  ORDER_NOT_PAYABLE: {
    zh: '订单已取消或超时，无法支付',
    en: 'The order was cancelled or timed out and can no longer be paid',
    ...ORDER_AGAIN,
  },
  PAYMENT_REQUEST_EXPIRED: {
    zh: '支付请求已过期',
    en: 'The payment request has expired',
    ...ORDER_AGAIN,
  },
  INVALID_PAYMENT_REQUEST: {
    zh: '支付请求无效',
    en: 'The payment request is not valid',
    ...ORDER_AGAIN,
  },
  PAYER_MISMATCH: {
    zh: '这笔订单属于另一位用户',
    en: 'This order was placed by another user',
    nextZh: '请用下单的账号支付。',
    nextEn: 'Pay with the account that placed it.',
  },
  ALREADY_PAID: {
    zh: '已经付过了',
    en: 'This is already paid',
    nextZh: '无需再付，可在订单中查看。',
    nextEn: 'Nothing more to pay; see it in your orders.',
    go: ORDERS,
  },
  UNKNOWN_MERCHANT: { zh: '商家暂不能收款', en: 'The merchant cannot take payments', ...TRY_LATER },
  WALLET_UNAVAILABLE: { zh: '钱包暂时不可用', en: 'The wallet is unavailable', ...TRY_LATER },
  // Cancelling and refunds (food, payments).
  INVALID_TRANSITION: {
    zh: '订单当前状态不能这样操作',
    en: 'The order cannot do that in its current state',
    nextZh: '餐品离开厨房后不能取消；如有问题请联系商家。',
    nextEn: 'Once the food has left the kitchen it cannot be cancelled; contact the store.',
  },
  NOT_PERMITTED: {
    zh: '你无权操作这笔订单',
    en: 'You may not do this to the order',
    nextZh: '请用下单的账号操作。',
    nextEn: 'Use the account that placed it.',
  },
  ORDER_NOT_FOUND: {
    zh: '找不到这笔订单',
    en: 'The order was not found',
    go: ORDERS,
    ...TRY_LATER,
  },
  ALREADY_REFUNDED: {
    zh: '已经退款',
    en: 'Already refunded',
    nextZh: '退款会回到你的钱包。',
    nextEn: 'The refund goes back to your wallet.',
  },
  // Light memberships (payments).
  NO_PROGRAMME: {
    zh: '该商家没有轻会员',
    en: 'This merchant runs no light membership',
    nextZh: '看看其他商家的会员。',
    nextEn: 'Look at other merchants’ memberships.',
  },
  ALREADY_MEMBER: {
    zh: '你已是会员',
    en: 'You are already a member',
    nextZh: '在“我的”里查看会员权益。',
    nextEn: 'See its benefits under Me.',
    go: MEMBERSHIP,
  },
  NOT_ELIGIBLE: {
    zh: '信用分暂未达到要求',
    en: 'Your credit score does not qualify yet',
    nextZh: '保持良好的支付记录，之后再来。',
    nextEn: 'Keep paying on time and come back later.',
  },
  REJOIN_TOO_SOON: {
    zh: '本期刚退出，暂不能重新加入',
    en: 'You left in this period and cannot rejoin yet',
    nextZh: '请在本期结束后再加入。',
    nextEn: 'Join again once the period ends.',
  },
  OUTSTANDING_CHARGE: {
    zh: '有未结清的会员费用',
    en: 'You owe an earlier membership’s charge',
    nextZh: '请先在“我的”里结清，再加入。',
    nextEn: 'Pay it under Me, then join.',
    go: MEMBERSHIP,
  },
  NOT_ACTIVE: {
    zh: '会员已结束',
    en: 'This membership has already ended',
    nextZh: '无需再退出。',
    nextEn: 'There is nothing left to cancel.',
  },
  NOT_FOUND: { zh: '没有找到', en: 'Not found', ...TRY_LATER },
  // Coupons and favorites (commerce).
  UNKNOWN_CAMPAIGN: { zh: '活动不存在', en: 'No such campaign', go: COUPONS, ...TRY_LATER },
  NOT_CLAIMABLE: {
    zh: '这个券只作为收藏礼品发放',
    en: 'This coupon only comes as a gift for adding a favorite',
    nextZh: '去收藏页添加对应的小程序或店铺。',
    nextEn: 'Add its mini-program or shop to your favorites.',
    go: { href: '#/favorites', zh: '去收藏', en: 'Favorites' },
  },
  CAMPAIGN_NOT_ACTIVE: {
    zh: '活动未开始或已结束',
    en: 'The campaign is not running now',
    nextZh: '请在活动时间内领取。',
    nextEn: 'Claim it while the campaign runs.',
  },
  CLAIM_LIMIT_REACHED: {
    zh: '已达到领取上限',
    en: 'You already hold as many as one person may claim',
    nextZh: '先用掉手上的券吧。',
    nextEn: 'Spend the ones you hold first.',
    go: COUPONS,
  },
  CAMPAIGN_EXHAUSTED: {
    zh: '券已领完',
    en: 'All the coupons are gone',
    nextZh: '看看其他活动。',
    nextEn: 'Look at other campaigns.',
    go: COUPONS,
  },
  TOO_MANY_CLAIMS: { zh: '领取太频繁', en: 'Too many claims just now', ...TRY_LATER },
  BLOCKED: {
    zh: '该账号或设备暂不能领券',
    en: 'This account or device may not claim coupons',
    nextZh: '请联系客服。',
    nextEn: 'Contact support.',
  },
  UNKNOWN_FAVORITE_TARGET: {
    zh: '没有这个收藏对象',
    en: 'Nothing to add by that id',
    ...TRY_LATER,
  },
  NOT_A_FAVORITE: { zh: '不在收藏中', en: 'It is not among your favorites', ...TRY_LATER },
  // Sharing (social).
  NOT_WHITELISTED: {
    zh: '只有白名单企业号和大V账号可以分享小程序',
    en: 'Only whitelisted enterprise and large verified accounts may share mini-programs',
    nextZh: '升级为企业号或认证账号后再分享。',
    nextEn: 'Share once your account is an enterprise or verified one on the whitelist.',
  },
  TOO_MANY_SHARES: {
    zh: '分享太频繁',
    en: 'You have shared too often',
    nextZh: '每小时可分享一次，请稍后再试。',
    nextEn: 'One share an hour; try again later.',
  },
  UNKNOWN_MINI_PROGRAM: { zh: '小程序不存在', en: 'No such mini-program', ...TRY_LATER },
  // Top-ups (payments).
  DAILY_TOP_UP_LIMIT: {
    zh: '已达今日充值上限',
    en: 'Today’s top-up limit is reached',
    nextZh: '请明天再充值。',
    nextEn: 'Top up again tomorrow.',
  },
  TOP_UP_TOO_LARGE: {
    zh: '单笔充值金额过大',
    en: 'That top-up is too large',
    nextZh: '请分多次充值。',
    nextEn: 'Top up in smaller amounts.',
  },
  TOP_UP_TOO_SMALL: {
    zh: '充值金额太小',
    en: 'That top-up is too small',
    nextZh: '请增加金额。',
    nextEn: 'Top up more.',
  },
  // Any mutation (subgraphs/kit/mutations.ts).
  IDEMPOTENCY_KEY_REUSED: {
    zh: '这次操作与之前的请求冲突',
    en: 'This request clashed with an earlier one',
    nextZh: '请刷新页面后重试。',
    nextEn: 'Reload the page and try again.',
  },
};

/** Why a step was refused and what to do next, one block per userError. */
export function refusal(errors: readonly UserErrorShape[]): HTMLElement {
  return el(
    'div',
    { class: 'refusal', role: 'alert', 'data-testid': 'refusal' },
    ...errors.map((error) => {
      const advice = USER_ERROR_ADVICE[error.code];
      return el(
        'div',
        { class: 'advice', 'data-code': error.code },
        el('div', { class: 'title' }, advice?.zh ?? '操作未成功'),
        el('div', { class: 'en' }, advice?.en ?? error.message),
        advice
          ? el('p', {}, `${advice.nextZh} `, el('span', { class: 'en' }, advice.nextEn))
          : el('p', { class: 'en' }, error.code),
        advice?.go
          ? link(advice.go.href, { class: 'go' }, `${advice.go.zh} ${advice.go.en} ›`)
          : null,
      );
    }),
  );
}

/** A step that went through, said in both languages. */
export function success(zh: string, en: string, ...details: Child[]): HTMLElement {
  return el(
    'div',
    { class: 'success', role: 'status', 'data-testid': 'success' },
    el('div', { class: 'title' }, zh),
    el('div', { class: 'en' }, en),
    ...details,
  );
}

/** The page-wide note that some services are down, or nothing when all answered. */
export function unavailableNotice(result: ExecutionResult<unknown>): HTMLElement | null {
  const unavailable = unavailableServices(result);
  if (unavailable.length === 0) return null;
  return el(
    'div',
    { class: 'notice', role: 'status', 'data-testid': 'unavailable' },
    `部分内容暂不可用 · Some parts are unavailable right now: ${unavailable.join(', ')}`,
  );
}

/** A part whose data did not come: which of its subgraphs are down, in both languages. */
export function degraded(id: string, titleZh: string, titleEn: string, services: string[]) {
  const who = services.length > 0 ? services.join(', ') : 'unknown';
  return el(
    'section',
    { 'data-testid': id, 'data-state': 'degraded', class: 'degraded' },
    el('h2', {}, titleZh, el('small', {}, titleEn)),
    el('p', {}, '暂时无法加载，请稍后再试。'),
    el(
      'p',
      { class: 'muted' },
      `Temporarily unavailable (${who}). The rest of the page still works.`,
    ),
  );
}

/**
 * The services to blame for a missing part: those of `owners` that are down,
 * or, when none of them is, whatever is (the part fell to another error).
 */
export function blame(result: ExecutionResult<unknown>, ...owners: string[]): string[] {
  const unavailable = unavailableServices(result);
  const down = unavailable.filter((name) => owners.includes(name));
  return down.length > 0 ? down : unavailable;
}

/** Errors other than outages and signing in: the request itself was refused. */
export function requestErrors(result: ExecutionResult<unknown>): GraphQLErrorShape[] {
  return result.errors.filter(
    (error) =>
      error.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' &&
      error.extensions?.code !== 'UNAUTHENTICATED',
  );
}

/**
 * A mutation that came back without its payload: its subgraph is down, or the
 * request was refused before any business rule ran.
 */
export function notDone(result: ExecutionResult<unknown>): HTMLElement {
  const unavailable = unavailableServices(result);
  const first = result.errors[0];
  return el(
    'div',
    { class: 'refusal', role: 'alert', 'data-testid': 'refusal' },
    el('div', { class: 'title' }, unavailable.length > 0 ? '服务暂时不可用' : '请求未完成'),
    el(
      'div',
      { class: 'en' },
      unavailable.length > 0
        ? `Unavailable right now: ${unavailable.join(', ')}`
        : (first?.message ?? 'The request did not go through'),
    ),
    el('p', {}, '请稍后再试。 ', el('span', { class: 'en' }, 'Try again later.')),
  );
}

/** A request that got no GraphQL answer at all. */
export function failure(error: unknown): HTMLElement {
  return el('div', { class: 'failed', role: 'alert' }, el('p', {}, failureText(error)));
}
