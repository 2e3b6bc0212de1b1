/**
 * The demo mini-program's money journeys, clicked through in Chromium as the
 * demo user: ordering food with a coupon, paying, watching the status move
 * and cancelling for a refund; and joining a merchant's light membership,
 * seeing it under Me and leaving it with its settlement.
 */
import { describeInBrowser, startDemoInBrowser, type DemoInBrowser } from '../support/browser';
import { bearer, postGraphQL, readOperation } from '../support/harness';
import { FoodOrderStatus } from '../../schema/client/index';

describeInBrowser('the demo mini-program: orders and memberships', () => {
  let demo: DemoInBrowser;

  beforeAll(async () => {
    demo = await startDemoInBrowser();
  }, 90_000);

  afterAll(() => demo?.close());

  afterEach(() => {
    expect(demo.browser.blockedRequests).toEqual([]);
    expect(demo.browser.pageErrors).toEqual([]);
  });

  const statusPolls = () =>
    demo.graphqlRequests.filter((request) => request.url().includes(FoodOrderStatus.id)).length;

  const idempotencyKeys = () =>
    demo.graphqlRequests
      .filter((request) => request.method() === 'POST')
      .map((request) => request.postDataJSON().variables.idempotencyKey as string | undefined)
      .filter((key) => key !== undefined);

  it('orders food with a coupon, pays, follows the status and cancels for a refund', async () => {
    const { page, see } = demo;
    await demo.open();
    await page.getByTestId('nearby').getByText('肯德基(湖滨银泰店)').click();
    await demo.shown('store');
    await see('全家桶', 'menu');
    await see('¥89.00', 'menu');
    expect(await page.getByTestId('delivery-quote').textContent()).toMatch(/¥9\.00 · \d+ min/);
    expect(await page.getByTestId('member-offer').textContent()).toContain('KFC会员 Gold');
    await see('全家桶兑换券', 'products');
    await see('肯德基 KFC', 'membership-offer');

    await page.getByRole('button', { name: '加 Add Family Bucket' }).click();
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥89.00');
    await page.getByTestId('checkout').click();
    await demo.shown('checkout');

    // A coupon of another merchant is refused, with what to do next.
    await page.getByTestId('coupon-picker').getByText('喜茶5元券').click();
    await page.getByTestId('place-order').click();
    await see('这张优惠券不适用于该商家', 'refusal');
    await see('请换一张优惠券', 'refusal');

    await page.getByTestId('coupon-picker').getByText('肯德基满50减10').click();
    await page.getByTestId('place-order').click();
    await see('下单成功，请支付', 'pay-step');
    // ¥89 of food and ¥9 of delivery, less the coupon's ¥10.
    expect(await page.getByTestId('order-total').textContent()).toContain('¥88.00');
    await page.getByTestId('pay').click();
    await see('支付成功', 'pay-step');
    expect(await page.getByTestId('charged').textContent()).toMatch(/¥\d+\.\d{2}/);

    await page.getByTestId('order-status-link').click();
    await demo.shown('order');
    await see('已下单 Placed', 'order-status');
    await see('已支付 Paid', 'payment-status');
    const orderId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

    // The kitchen takes the order on; the page shows it without being reloaded.
    const accepted = await postGraphQL(
      demo.gatewayUrl,
      readOperation('KitchenOrderAccept'),
      { orderId },
      bearer('staff-kfc-hubin'),
    );
    expect(accepted.body.data.foodOrderAccept.userErrors).toEqual([]);
    await see('商家已接单 Accepted', 'order-status');

    // Left, the page stops asking.
    await page.getByRole('link', { name: /订单/ }).last().click();
    await demo.shown('orders');
    await see('商家已接单 Accepted', 'food-orders');
    const pollsWhenLeft = statusPolls();
    await page.waitForTimeout(3500);
    expect(statusPolls()).toBe(pollsWhenLeft);

    await page
      .getByTestId('food-order')
      .filter({ hasText: '肯德基(湖滨银泰店)' })
      .getByRole('link')
      .click();
    await demo.shown('order');
    await page.getByTestId('cancel-order').click();
    await see('订单已取消', 'success');
    await see('到钱包', 'success');
    await see('已取消 Cancelled', 'order-status');
    await see('已退款 REFUNDED', 'payment-status');
    await demo.browser.screenshot('demo-order-refunded');

    // A final order is not asked about again.
    const pollsWhenFinal = statusPolls();
    await page.waitForTimeout(3500);
    expect(statusPolls()).toBe(pollsWhenFinal);

    // Each tap that asked for a change sent a key of its own: the refused order, the placed one, the payment.
    expect(idempotencyKeys()).toHaveLength(3);
    expect(new Set(idempotencyKeys()).size).toBe(3);
  }, 90_000);

  it('sends the user to top up when the balance does not cover a payment, then pays', async () => {
    const { page, see } = demo;
    await demo.open('#/store/store-kfc-hubin');
    const addBucket = page.getByRole('button', { name: '加 Add Family Bucket' });
    // Seven family buckets: ¥623 of food, over the wallet's ¥500 even after the member discounts.
    for (let bucket = 0; bucket < 7; bucket++) await addBucket.click();
    await page.getByTestId('checkout').click();
    await demo.shown('checkout');
    await page.getByTestId('place-order').click();
    await page.getByTestId('pay').click();
    await see('余额不足', 'refusal');
    await see('请先充值，再重试', 'refusal');
    await demo.browser.screenshot('demo-insufficient-balance');

    await page
      .getByTestId('refusal')
      .getByRole('link', { name: /去充值/ })
      .click();
    await demo.shown('me');
    expect(await page.getByTestId('balance').textContent()).toBe('¥500.00');
    await page.getByTestId('top-up').click();
    await see('已充值 ¥100.00', 'success');
    expect(await page.getByTestId('balance').textContent()).toBe('¥600.00');

    await page.locator('.tabbar [data-tab="orders"]').click();
    await demo.shown('orders');
    await page.getByTestId('food-order').first().getByRole('link').click();
    await demo.shown('order');
    await see('未支付 Not paid', 'payment-status');
    await page.getByTestId('pay').click();
    await see('支付成功', 'success');
    await see('已支付 Paid', 'payment-status');
  }, 60_000);

  it('joins a light membership from a store, sees its next charge and cancels it', async () => {
    const { page, see } = demo;
    await demo.open();
    await page.getByTestId('nearby').getByText('星巴克(湖滨银泰in77店)').click();
    await demo.shown('store');
    await see('¥28.00 / 30', 'membership-offer');
    await page.getByTestId('join').click();
    await see('已加入 星巴克 轻会员', 'success');
    expect(await page.getByTestId('joined-next-charge').textContent()).toMatch(/¥\d+\.\d{2}/);

    await page.locator('.tabbar [data-tab="me"]').click();
    await demo.shown('me');
    const starbucks = page.getByTestId('light-membership').filter({ hasText: '星巴克' });
    await starbucks.waitFor();
    expect(await starbucks.getByTestId('light-next-charge').textContent()).toMatch(/¥\d+\.\d{2}/);
    await starbucks.getByTestId('cancel-membership').click();
    await see('已退出 星巴克 轻会员', 'success');
    expect(await page.getByTestId('settlement').textContent()).toMatch(
      /结算 Settlement: ¥\d+\.\d{2} · (已扣款 CHARGED|待支付 OUTSTANDING)/,
    );
    expect(await page.getByTestId('light-membership').filter({ hasText: '星巴克' }).count()).toBe(
      0,
    );
    await see('星巴克', 'settlements');
    await demo.browser.screenshot('demo-membership-cancelled');

    // Joining again in the same period is refused, saying when it may be.
    await page.goBack();
    await demo.shown('store');
    await page.getByTestId('join').click();
    await see('本期刚退出，暂不能重新加入', 'refusal');
  }, 60_000);
});
