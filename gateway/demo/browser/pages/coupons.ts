/// <reference lib="dom" />
/**
 * The coupons tab: the user's coupons, to spend first, and the campaigns the
 * demo promotes (DemoSettings.campaignIds), each opening its page to claim.
 */
import {
  CouponCampaignPage,
  CouponsPage,
  type CouponsPageQuery,
} from '../../../../schema/client/index';
import { date, el, link, section, yuan } from '../dom';
import { blame, degraded, unavailableNotice } from '../feedback';
import type { Page } from '../router';

type Coupon = NonNullable<NonNullable<CouponsPageQuery['me']>['coupons']>[number];

const COUPON_STATUS_NAMES: Record<string, string> = {
  AVAILABLE: '可用 Available',
  USED: '已使用 Used',
  EXPIRED: '已过期 Expired',
};

const STATUS_ORDER = ['AVAILABLE', 'USED', 'EXPIRED'];

export function couponItem(coupon: Coupon): HTMLElement {
  return el(
    'li',
    { class: `coupon ${coupon.status.toLowerCase()}`, 'data-testid': 'coupon' },
    el(
      'div',
      { class: 'amount' },
      yuan(coupon.discount),
      el(
        'small',
        {},
        coupon.minimumSpend > 0 ? `满 ${yuan(coupon.minimumSpend)}` : '无门槛 No minimum',
      ),
    ),
    el(
      'div',
      {},
      el('div', { class: 'title' }, coupon.title),
      el('div', { class: 'en' }, coupon.titleEn),
      el(
        'div',
        { class: 'muted' },
        `${COUPON_STATUS_NAMES[coupon.status] ?? coupon.status} · 至 ${date(coupon.validUntil)} until`,
      ),
    ),
  );
}

export const couponsPage: Page = async (app) => {
  const [mine, ...campaigns] = await Promise.all([
    app.client.execute(CouponsPage),
    ...app.settings.campaignIds.map((campaignId) =>
      app.client.execute(CouponCampaignPage, { campaignId }),
    ),
  ]);
  const coupons = mine.data?.me?.coupons;
  const banners = campaigns
    .map((result) => result.data?.couponCampaign)
    .filter((campaign) => campaign != null);
  return {
    tab: 'coupons',
    title: '优惠券',
    titleEn: 'Coupons',
    parts: [
      unavailableNotice(mine),
      banners.length > 0
        ? section(
            'campaigns',
            '领券中心',
            'Claim coupons',
            el(
              'ul',
              {},
              ...banners.map((campaign) =>
                el(
                  'li',
                  { class: 'banner' },
                  link(
                    `#/campaign/${encodeURIComponent(campaign.id)}`,
                    { 'data-testid': 'campaign-link' },
                    el('span', { class: 'title' }, campaign.title),
                    el('span', { class: 'en' }, ` ${campaign.titleEn} ›`),
                  ),
                ),
              ),
            ),
          )
        : campaigns.some((result) => result.errors.length > 0)
          ? degraded('campaigns', '领券中心', 'Claim coupons', blame(campaigns[0]!, 'commerce'))
          : null,
      coupons
        ? section(
            'my-coupons',
            '我的券',
            'My coupons',
            coupons.length === 0
              ? el('p', { class: 'muted' }, '还没有券 · No coupons yet')
              : el(
                  'ul',
                  {},
                  ...[...coupons]
                    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status))
                    .map(couponItem),
                ),
          )
        : degraded('my-coupons', '我的券', 'My coupons', blame(mine, 'commerce')),
    ].filter((part) => part !== null),
  };
};
