/// <reference lib="dom" />
/**
 * The Me tab: the wallet (balance, latest entries, top-up) and the
 * memberships (the wallet tier, each light membership with what it will
 * charge next, cancelling one, and the settlements, paying one that is owed).
 */
import {
  MembershipCancel,
  MembershipPage,
  MembershipSettlementPay,
  WalletPage,
  WalletTopUp,
  type MembershipPageQuery,
  type WalletPageQuery,
} from '../../../../schema/client/index';
import { idempotencyKey, type DemoApp } from '../app';
import { button, date, dateTime, el, fact, link, section, yuan } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import type { Page, ScreenControl } from '../router';

type Membership = NonNullable<NonNullable<MembershipPageQuery['me']>['membership']>;
type Me = NonNullable<WalletPageQuery['me']>;

const TOP_UP_AMOUNT = 10_000;

const ENTRY_NAMES: Record<string, string> = {
  TOP_UP: '充值 Top-up',
  PAYMENT: '支付 Payment',
  REFUND: '退款 Refund',
  MEMBERSHIP_SETTLEMENT: '会员结算 Membership settlement',
};

function walletSection(app: DemoApp, me: Me, control: ScreenControl): HTMLElement {
  const outcome = el('div', {});
  const card = me.fundingSources?.[0];
  const topUp = async () => {
    if (!card) return;
    const result = await app.client.execute(WalletTopUp, {
      fundingSourceId: card.id,
      amount: TOP_UP_AMOUNT,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.walletTopUp;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.topUp)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    await control.refresh(
      success(
        `已充值 ${yuan(payload.topUp.amount)}`,
        payload.topUp.wallet
          ? `Topped up; the balance is ${yuan(payload.topUp.wallet.balance)}`
          : 'Topped up',
      ),
    );
  };
  const entries = me.wallet?.entries.edges ?? [];
  return section(
    'wallet',
    '钱包',
    'Wallet',
    me.wallet
      ? el('div', { class: 'big', 'data-testid': 'balance' }, yuan(me.wallet.balance))
      : el('p', { class: 'muted' }, '余额暂不可用 · Balance unavailable'),
    card
      ? button(`从 ${card.bank} ${card.last4} 充值 Top up ${yuan(TOP_UP_AMOUNT)}`, topUp, {
          'data-testid': 'top-up',
        })
      : null,
    outcome,
    entries.length > 0
      ? el(
          'ul',
          {},
          ...entries.map(({ node: entry }) =>
            el(
              'li',
              { class: 'item' },
              el(
                'div',
                {},
                el('div', {}, ENTRY_NAMES[entry.kind] ?? entry.kind),
                el('div', { class: 'en' }, dateTime(entry.createdAt)),
              ),
              el('span', { class: entry.amount < 0 ? 'out' : 'in' }, yuan(entry.amount)),
            ),
          ),
        )
      : null,
  );
}

function membershipSection(app: DemoApp, membership: Membership, control: ScreenControl) {
  const outcome = el('div', {});
  const cancel = (id: string, name: string) => async () => {
    const result = await app.client.execute(MembershipCancel, {
      membershipId: id,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.lightMembershipCancel;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.membership)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    const settlement = payload.settlement;
    await control.refresh(
      success(
        `已退出 ${name} 轻会员`,
        'You left the light membership; its benefits are settled now',
        settlement
          ? el(
              'p',
              { 'data-testid': 'settlement' },
              `结算 Settlement: ${yuan(settlement.charged)} · ${settlement.status === 'CHARGED' ? '已扣款 CHARGED' : '待支付 OUTSTANDING'}`,
            )
          : null,
        payload.membership.rejoinAfter
          ? el(
              'p',
              { class: 'muted' },
              `${date(payload.membership.rejoinAfter)} 后可重新加入 · Rejoin after then`,
            )
          : null,
      ),
    );
  };
  const paySettlement = (id: string) => async () => {
    const result = await app.client.execute(MembershipSettlementPay, {
      settlementId: id,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.membershipSettlementPay;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.settlement)
      return void outcome.replaceChildren(refusal(payload.userErrors));
    await control.refresh(
      success(`已支付 ${yuan(payload.settlement.charged)}`, 'The settlement is paid'),
    );
  };
  const active = membership.lightMemberships.filter((light) => light.status === 'ACTIVE');
  return [
    el(
      'section',
      { 'data-testid': 'membership', 'data-state': 'ok', class: 'card' },
      el('h2', {}, '会员', el('small', { class: 'muted' }, 'Membership')),
      el(
        'dl',
        {},
        el('dt', {}, '等级 Tier'),
        el('dd', { 'data-testid': 'tier' }, membership.tier),
        el('dt', {}, '本期已享 Benefits'),
        el('dd', {}, yuan(membership.benefitsThisPeriod)),
        el('dt', {}, '下次结算 Next charge'),
        el('dd', { 'data-testid': 'next-charge' }, yuan(membership.nextSettlementCharge)),
        el('dt', {}, '待支付 Owed'),
        el('dd', {}, yuan(membership.outstandingCharge)),
      ),
    ),
    outcome,
    section(
      'light-memberships',
      '轻会员',
      'Light memberships',
      active.length === 0
        ? el('p', { class: 'muted' }, '没有生效中的轻会员 · No light membership running')
        : el(
            'ul',
            {},
            ...active.map((light) =>
              el(
                'li',
                { class: 'light', 'data-testid': 'light-membership' },
                el('div', { class: 'title' }, `${light.merchant.name} ${light.merchant.nameEn}`),
                fact('折扣 Discount', `${light.discountPercent}%`),
                fact('本期 Period', `${date(light.periodStart)} – ${date(light.periodEnd)}`),
                fact('已享优惠 Benefits enjoyed', yuan(light.benefitsEnjoyed)),
                fact('下次结算 Next charge', yuan(light.nextSettlementCharge), 'light-next-charge'),
                button('退出会员 Cancel', cancel(light.id, light.merchant.name), {
                  'data-testid': 'cancel-membership',
                }),
              ),
            ),
          ),
    ),
    section(
      'settlements',
      '结算记录',
      'Settlements',
      membership.settlements.length === 0
        ? el('p', { class: 'muted' }, '暂无结算 · No settlements yet')
        : el(
            'ul',
            {},
            ...membership.settlements.map((settlement) =>
              el(
                'li',
                { class: 'item', 'data-testid': 'settlement-row' },
                el(
                  'div',
                  {},
                  el('div', {}, settlement.membership?.merchant.name ?? ''),
                  el(
                    'div',
                    { class: 'en' },
                    `${date(settlement.periodStart)} – ${date(settlement.periodEnd)}`,
                  ),
                ),
                el(
                  'div',
                  { class: 'right' },
                  el('div', {}, yuan(settlement.charged)),
                  settlement.status === 'OUTSTANDING'
                    ? button('支付 Pay', paySettlement(settlement.id), { class: 'primary' })
                    : el('div', { class: 'en' }, '已结算 Charged'),
                ),
              ),
            ),
          ),
    ),
  ];
}

export const mePage: Page = async (app, _, control) => {
  const [memberships, wallet] = await Promise.all([
    app.client.execute(MembershipPage),
    app.client.execute(WalletPage, { first: 5, after: null }),
  ]);
  const membership = memberships.data?.me?.membership;
  const me = wallet.data?.me;
  return {
    tab: 'me',
    title: '我的',
    titleEn: 'Me',
    parts: [
      unavailableNotice(memberships) ?? unavailableNotice(wallet),
      me
        ? walletSection(app, me, control)
        : degraded('wallet', '钱包', 'Wallet', blame(wallet, 'payments')),
      ...(membership
        ? membershipSection(app, membership, control)
        : [degraded('membership', '会员', 'Membership', blame(memberships, 'payments'))]),
      el(
        'div',
        { class: 'shortcuts' },
        link('#/feed', {}, '动态', el('small', {}, 'Feed')),
        link('#/orders', {}, '订单', el('small', {}, 'Orders')),
      ),
    ].filter((part) => part !== null),
  };
};
