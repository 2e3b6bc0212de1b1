/**
 * The demo mini-program in a real browser with the network cut off, as the
 * demo user: the home page from one persisted GET, and with the social
 * subgraph down; a brand page reached from a store; claiming coupons; adding
 * and removing favorites; and sharing a mini-program to the home page.
 */
import { describeInBrowser, startDemoInBrowser, type DemoInBrowser } from '../support/browser';
import { MiniProgramHome } from '../../schema/client/index';

describeInBrowser('the demo mini-program', () => {
  let demo: DemoInBrowser;

  beforeAll(async () => {
    demo = await startDemoInBrowser();
  }, 90_000);

  afterAll(() => demo?.close());

  afterEach(() => {
    expect(demo.browser.blockedRequests).toEqual([]);
    expect(demo.browser.pageErrors).toEqual([]);
  });

  const tab = (name: string) => demo.page.locator(`.tabbar [data-tab="${name}"]`).click();

  it('renders the trending topics, nearby stores and membership card from one persisted GET', async () => {
    await demo.open();
    const { page, graphqlRequests } = demo;

    expect(graphqlRequests).toHaveLength(1);
    const request = graphqlRequests[0]!;
    expect(request.method()).toBe('GET');
    expect(request.headers()['apollo-require-preflight']).toBe('true');
    expect(request.headers().authorization).toMatch(/^Bearer /);
    const extensions = JSON.parse(new URL(request.url()).searchParams.get('extensions')!);
    expect(extensions.persistedQuery.sha256Hash).toBe(MiniProgramHome.id);
    expect(new URL(request.url()).searchParams.has('query')).toBe(false);

    const trending = page.getByTestId('trending');
    expect(await trending.getAttribute('data-state')).toBe('ok');
    expect(await trending.textContent()).toContain('Osmanthus season at West Lake');

    const nearby = page.getByTestId('nearby');
    expect(await nearby.getAttribute('data-state')).toBe('ok');
    const firstStore = page.getByTestId('store').first();
    expect(await firstStore.textContent()).toContain('Starbucks (Hubin in77)');
    expect(await firstStore.getByTestId('distance').textContent()).toMatch(/\d+ m|\d+\.\d km/);
    expect(await firstStore.getByTestId('delivery').textContent()).toMatch(
      /Delivery ¥\d+\.\d{2} · \d+ min/,
    );
    expect(await page.getByTestId('member-offer').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('store').count()).toBe(10);

    const membership = page.getByTestId('membership');
    expect(await membership.getAttribute('data-state')).toBe('ok');
    // 2,240 fen, shown in yuan.
    expect(await membership.getByTestId('next-charge').textContent()).toBe('¥22.40');
    expect(await page.locator('.tabbar [aria-current="page"]').textContent()).toContain('首页');

    await demo.browser.screenshot('demo');
  }, 60_000);

  it('shows a degraded section, not a blank page, when a subgraph is down', async () => {
    demo.social.mode = 'unavailable';
    try {
      await demo.open();
      const { page } = demo;
      const trending = page.getByTestId('trending');
      expect(await trending.getAttribute('data-state')).toBe('degraded');
      expect(await trending.textContent()).toContain('暂时无法加载');
      expect(await trending.textContent()).toContain('social');
      expect(await page.getByRole('status').textContent()).toContain('social');

      expect(await page.getByTestId('nearby').getAttribute('data-state')).toBe('ok');
      expect(await page.getByTestId('store').count()).toBe(10);
      expect(await page.getByTestId('membership').getAttribute('data-state')).toBe('ok');
      await demo.browser.screenshot('demo-social-down');
    } finally {
      demo.social.mode = 'pass';
    }
  }, 60_000);

  it("opens a brand's page from its store: the flagship shop, the member card, its stores", async () => {
    const { page, see } = demo;
    await demo.open();
    await page.getByTestId('nearby').getByText('星巴克(湖滨银泰in77店)').click();
    await demo.shown('store');
    await page.getByTestId('brand-link').click();
    await demo.shown('brand');
    await see('星巴克官方旗舰店', 'flagship');
    // The West Lake tumbler is sold out online.
    expect(
      await page
        .getByTestId('flagship-product')
        .filter({ hasText: '西湖限定随行杯' })
        .textContent(),
    ).toContain('售罄 Sold out');
    expect(await page.getByTestId('member-card').textContent()).toContain('星享卡 Gold Star');
    await see('星巴克(北山街店)', 'brand-stores');
    await demo.browser.screenshot('demo-brand');
  }, 60_000);

  it('claims a coupon from a campaign page and refuses one past its per-person limit', async () => {
    const { page, see } = demo;
    await demo.open('#/coupons');
    await see('肯德基满50减10', 'my-coupons');
    await page.getByTestId('campaigns').getByText('瑞幸每周5元券').click();
    await demo.shown('campaign');
    expect(await page.getByTestId('remaining').textContent()).toContain('1000');
    await page.getByTestId('claim').click();
    await see('领取成功：瑞幸每周5元券', 'success');
    expect(await page.getByTestId('remaining').textContent()).toContain('999');

    await tab('coupons');
    await demo.shown('coupons');
    await see('瑞幸每周5元券', 'my-coupons');
    await demo.browser.screenshot('demo-coupons');

    // The demo user already holds the one KFC coupon a person may claim.
    await page.getByTestId('campaigns').getByText('肯德基满50减10').click();
    await demo.shown('campaign');
    await page.getByTestId('claim').click();
    await see('已达到领取上限', 'refusal');
    await see('先用掉手上的券吧', 'refusal');
  }, 60_000);

  it('adds a favorite with its gift coupon, and removes it', async () => {
    const { page, see } = demo;
    await demo.open();
    await tab('favorites');
    await demo.shown('favorites');
    const metro = page.getByTestId('favorite').filter({ hasText: '杭州地铁' });
    expect(await metro.getByTestId('benefit').textContent()).toContain('乘车立减1元');
    const boat = page.getByTestId('favorite-target').filter({ hasText: '西湖游船' });
    expect(await boat.textContent()).toContain('免排队登船');
    expect(await boat.textContent()).toContain('西湖游船10元券');
    await boat.getByTestId('add-favorite').click();

    await see('已收藏 西湖游船', 'success');
    expect(await page.getByTestId('gift').textContent()).toContain('西湖游船10元券');
    const kept = page.getByTestId('favorite').filter({ hasText: '西湖游船' });
    expect(await kept.getByTestId('benefit').textContent()).toContain('Board without queueing');
    await demo.browser.screenshot('demo-favorites');

    await kept.getByTestId('remove-favorite').click();
    await see('已取消收藏 西湖游船', 'success');
    expect(await page.getByTestId('favorite').filter({ hasText: '西湖游船' }).count()).toBe(0);
    await see('西湖游船', 'favorite-targets');
  }, 60_000);

  it('shares a mini-program to the home page once the account may share, and shows it there', async () => {
    const { page, see } = demo;
    await demo.open();
    await tab('me');
    await demo.shown('me');
    await page.getByRole('link', { name: /动态/ }).click();
    await demo.shown('feed');
    await see('喜茶GO', 'feed');
    await see('疯狂星期四', 'feed');
    await see('杭州地铁', 'inbox');

    // A personal account may not share: the page says why and what would let it.
    const boat = page.getByTestId('share').locator('li').filter({ hasText: '西湖游船' });
    await boat.getByRole('button').click();
    await see('只有白名单企业号和大V账号可以分享小程序', 'refusal');
    await see('升级为企业号或认证账号后再分享', 'refusal');

    await demo.subgraphs.social.db.query(
      `UPDATE accounts SET kind = 'ENTERPRISE', share_whitelisted = true WHERE user_id = 'demo'`,
    );
    await boat.getByRole('button').click();
    await see('已分享 西湖游船 到我的主页', 'success');
    await see('西湖游船', 'home-page');
    await demo.browser.screenshot('demo-share');
  }, 60_000);
});
