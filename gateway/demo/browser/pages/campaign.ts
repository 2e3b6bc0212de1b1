/// <reference lib="dom" />
/**
 * A coupon campaign's page: what it gives, how many are left, and the claim,
 * made under the campaign's risk rules with this device's id.
 */
import { CouponCampaignPage, CouponClaim } from '../../../../schema/client/index';
import { idempotencyKey } from '../app';
import { button, date, dateTime, el, fact, section, yuan } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import type { Page } from '../router';

export const campaignPage: Page = async (app, route, control) => {
  const campaignId = route.params[0] ?? '';
  const result = await app.client.execute(CouponCampaignPage, { campaignId });
  const campaign = result.data?.couponCampaign;
  if (!campaign) {
    return {
      tab: null,
      title: '领券',
      titleEn: 'Claim a coupon',
      parts: [
        result.errors.length > 0
          ? degraded('campaign', '活动', 'Campaign', blame(result, 'commerce'))
          : el('p', { class: 'failed' }, '活动不存在 · No such campaign'),
      ],
    };
  }
  const outcome = el('div', {});
  const claim = async () => {
    const claimed = await app.client.execute(CouponClaim, {
      campaignId,
      deviceId: app.deviceId,
      idempotencyKey: idempotencyKey(),
    });
    const payload = claimed.data?.couponClaim;
    if (!payload) return void outcome.replaceChildren(notDone(claimed));
    if (payload.userErrors.length > 0 || !payload.coupon) {
      outcome.replaceChildren(
        refusal(payload.userErrors),
        payload.retryAfter
          ? el(
              'p',
              { class: 'muted' },
              `${dateTime(payload.retryAfter)} 后可再试 · Try again after then`,
            )
          : '',
      );
      return;
    }
    const coupon = payload.coupon;
    await control.refresh(
      success(
        `领取成功：${coupon.title}`,
        `Claimed: ${coupon.titleEn}`,
        fact('有效期至 Valid until', date(coupon.validUntil)),
        el('a', { href: '#/coupons', class: 'go' }, '查看我的券 See my coupons ›'),
      ),
    );
  };
  return {
    tab: null,
    title: campaign.title,
    titleEn: campaign.titleEn,
    parts: [
      unavailableNotice(result),
      section(
        'campaign',
        campaign.title,
        campaign.titleEn,
        el('div', { class: 'big' }, `${yuan(campaign.discount)} off`),
        fact('最低消费 Minimum spend', yuan(campaign.minimumSpend)),
        fact('剩余 Left', String(campaign.remaining), 'remaining'),
        fact('每人限领 Per person', String(campaign.perUserLimit)),
        fact('领取后有效 Valid for', `${campaign.couponValidDays} 天 days`),
        fact('活动时间 Runs', `${date(campaign.startsAt)} – ${date(campaign.endsAt)}`),
        button('立即领取 Claim', claim, { class: 'primary', 'data-testid': 'claim' }),
        outcome,
      ),
    ].filter((part) => part !== null),
  };
};
