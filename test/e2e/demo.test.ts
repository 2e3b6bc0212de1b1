/**
 * The demo mini-program home page in a real browser with the network cut off:
 * one persisted GET renders the trending topics, the nearby stores and the
 * membership card; with the social subgraph down, the trending section says
 * so and the rest of the page still renders.
 */
import type { Request } from 'playwright-core';
import type { SubgraphName } from '../../lib/config';
import { describeInBrowser, openOfflineBrowser, type OfflineBrowser } from '../support/browser';
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningGateway,
  type RunningSubgraph,
} from '../support/harness';
import { MiniProgramHome } from '../../schema/client/index';

describeInBrowser('the demo mini-program home page', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let social: FaultySubgraph;
  let gateway: RunningGateway;
  let browser: OfflineBrowser;
  let demoUrl: string;
  const graphqlRequests: Request[] = [];

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    social = await startFaultySubgraph(subgraphs.social.url);
    gateway = await startGateway(subgraphs, {
      route: (name, url) => (name === 'social' ? social.url : url),
    });
    demoUrl = `${new URL(gateway.gatewayUrl).origin}/demo`;
    browser = await openOfflineBrowser();
    await browser.page.setViewportSize({ width: 430, height: 900 });
    browser.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request);
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await social?.close();
    if (subgraphs) await stopSubgraphs(subgraphs);
  });

  async function load(): Promise<void> {
    graphqlRequests.length = 0;
    await browser.page.goto(demoUrl);
    await browser.page.locator('main[data-status="loaded"]').waitFor({ timeout: 30_000 });
  }

  it('renders the trending topics, nearby stores and membership card from one persisted GET', async () => {
    await load();
    const { page } = browser;

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

    await browser.screenshot('demo');
    expect(browser.blockedRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);

  it('shows a degraded section, not a blank page, when a subgraph is down', async () => {
    social.mode = 'unavailable';
    try {
      await load();
      const { page } = browser;
      const trending = page.getByTestId('trending');
      expect(await trending.getAttribute('data-state')).toBe('degraded');
      expect(await trending.textContent()).toContain('暂时无法加载');
      expect(await trending.textContent()).toContain('social');
      expect(await page.getByRole('status').textContent()).toContain('social');

      expect(await page.getByTestId('nearby').getAttribute('data-state')).toBe('ok');
      expect(await page.getByTestId('store').count()).toBe(10);
      expect(await page.getByTestId('membership').getAttribute('data-state')).toBe('ok');
      await browser.screenshot('demo-social-down');
      expect(browser.blockedRequests).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      social.mode = 'pass';
    }
  }, 60_000);
});
