/// <reference lib="dom" />
/**
 * The developers' sandbox in a real browser with the network cut off: GraphiQL
 * and everything it needs come from the gateway itself. It shows the schema
 * docs, runs the home query as the demo user, shows the query's plan and who
 * owns a field; a subgraph's own sandbox runs operations against it alone.
 */
import { SANDBOX_VIEWER_HEADER } from '../../subgraphs/kit/sandbox';
import type { Page } from 'playwright-core';
import { describeInBrowser, openOfflineBrowser, type OfflineBrowser } from '../support/browser';
import { startGraph, type RunningGraph } from '../support/harness';

const EXECUTE = '[aria-label="Execute query (Ctrl-Enter)"]';

/** The whole response pane: CodeMirror puts only the lines in view into the page. */
async function waitForResult(page: Page, text: string): Promise<string> {
  const handle = await page.waitForFunction(
    (expected) => {
      const wrapper = document.querySelector('.result-window .CodeMirror') as
        (Element & { CodeMirror?: { getValue(): string } }) | null;
      const value = wrapper?.CodeMirror?.getValue() ?? '';
      return value.includes(expected) ? value : false;
    },
    text,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as string;
}

describeInBrowser('the sandbox', () => {
  let graph: RunningGraph;
  let browser: OfflineBrowser;
  let origin: string;

  beforeAll(async () => {
    graph = await startGraph();
    origin = new URL(graph.gatewayUrl).origin;
    browser = await openOfflineBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await graph?.close();
  });

  it('loads at / from the gateway alone, with the client operations preloaded', async () => {
    const { page } = browser;
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByText('query MiniProgramHome', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Open StoreArrive' }).waitFor();
    expect(browser.blockedRequests).toEqual([]);
  }, 60_000);

  it('shows the schema docs', async () => {
    const { page } = browser;
    await page.getByLabel('Show Documentation Explorer').click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query', exact: true }).click();
    await docs.getByText('nearbyStores').first().waitFor();
    await page.getByLabel('Show Operations').click();
  });

  it('runs the home query as the demo user', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Use demo user (demo)' }).click();
    await page.getByText('Signed in as demo').waitFor();
    await page.getByRole('button', { name: 'Open MiniProgramHome' }).click();
    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql'));
    await page.locator(EXECUTE).click();
    expect((await sent).headers().authorization).toMatch(/^Bearer /);
    const result = JSON.parse(await waitForResult(page, '"nextSettlementCharge"'));
    expect(result.errors).toBeUndefined();
    expect(result.data.me.membership.nextSettlementCharge).toBe(2240);
    expect(result.data.nearbyStores.edges[0].node.id).toBe('store-starbucks-in77');
    expect(result.data.trendingTopics.length).toBeGreaterThan(0);
  }, 30_000);

  it('shows the plan of the operation in the editor', async () => {
    const { page } = browser;
    await page.getByLabel('Show Query plan').click();
    const plan = page.getByTestId('query-plan');
    await plan.waitFor({ timeout: 20_000 });
    const text = await plan.textContent();
    for (const service of ['social', 'maps', 'food', 'commerce', 'payments'])
      expect(text).toContain(`Fetch(service: "${service}")`);
    expect(text).toMatch(/^QueryPlan \{/);
  }, 30_000);

  it('shows which subgraph owns a field, and which contribute to a type', async () => {
    const { page } = browser;
    await page.getByLabel('Show Field owners').click();
    await page.getByLabel('Type or field').fill('Store.memberOffer');
    const row = page.getByTestId('owner-Store.memberOffer');
    await row.waitFor();
    expect(await row.textContent()).toContain('payments');
    expect(await row.textContent()).toContain('@requires(merchant { id })');
    const store = page.getByTestId('owners-Store');
    expect(await store.textContent()).toMatch(/food.*alone resolves.*delivery/);

    await page.getByLabel('Type or field').fill('Store.delivery');
    expect(await page.getByTestId('owner-Store.delivery').textContent()).toContain('food');
    await page.getByLabel('Type or field').fill('Store.memberOffer');
    await browser.screenshot('sandbox');
    expect(browser.blockedRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 30_000);

  it("serves a subgraph's own sandbox at its / that runs operations on the subgraph alone", async () => {
    const { page } = browser;
    const subgraphOrigin = new URL(graph.subgraphs.payments.url).origin;
    await page.goto(`${subgraphOrigin}/`);
    await page.getByText('query SubgraphSdl', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Use demo user (demo)' }).click();
    await page.getByText(`${SANDBOX_VIEWER_HEADER} is in the headers`).waitFor();
    await page.locator(EXECUTE).click();
    const result = JSON.parse(await waitForResult(page, '"sdl"'));
    expect(result.data._service.sdl).toContain('type User');
    await browser.screenshot('sandbox-payments-subgraph');
    expect(browser.blockedRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});
