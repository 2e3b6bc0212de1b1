/**
 * A real browser for the e2e tests: Debian's Chromium driven by playwright-core
 * (no browser download), in a fresh profile, with the network cut off. Every
 * request that is not to this machine is aborted and recorded, so a test can
 * assert that a page loaded everything from the service that served it.
 *
 * Where Chromium is missing the browser tests are skipped, except under
 * CI=true, where they fail: CI installs it (.ci/run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import type { SubgraphName } from '../../lib/config';
import { startFaultySubgraph, type FaultySubgraph } from './faults';
import { startGateway, startSubgraphs, stopSubgraphs, type RunningSubgraph } from './harness';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const ARTIFACTS_DIR = path.join(__dirname, '..', 'e2e', 'artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `describe`, or `describe.skip` where there is no Chromium and this is not CI. */
export function describeInBrowser(name: string, tests: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH) || process.env.CI === 'true') {
    describe(name, tests);
  } else {
    describe.skip(`${name} (no Chromium at ${CHROMIUM_PATH})`, tests);
  }
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface OfflineBrowser {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but this machine: each was aborted. */
  blockedRequests: string[];
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openOfflineBrowser(): Promise<OfflineBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local =
      LOCAL_HOSTS.has(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:';
    if (local) return route.continue();
    blockedRequests.push(url.href);
    return route.abort('internetdisconnected');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return {
    context,
    page,
    blockedRequests,
    pageErrors,
    async screenshot(name) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      // The viewport grown to the whole page, rather than a full-page capture:
      // Chromium draws a fixed or sticky bar (the demo's tab bar) where the
      // viewport ended, over the content, in a full-page capture.
      const viewport = page.viewportSize();
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (viewport && height > viewport.height) await page.setViewportSize({ ...viewport, height });
      try {
        await page.screenshot({ path: file });
      } finally {
        if (viewport) await page.setViewportSize(viewport);
      }
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The demo mini-program in the offline browser, on a graph of its own: the
 * five subgraphs, social behind a proxy a test can take down, the gateway,
 * and a 430 px wide page, as a phone shows it. One a test file: starting the
 * graph is most of a browser test's time.
 */
export interface DemoInBrowser {
  browser: OfflineBrowser;
  page: Page;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  social: FaultySubgraph;
  gatewayUrl: string;
  /** The GraphQL requests the page sent since the last `open`. */
  graphqlRequests: Request[];
  /** Loads /demo afresh (with `hash`, a route such as `#/coupons`) and waits for its page. */
  open(hash?: string): Promise<void>;
  /** Waits until the page named `name` (`home`, `store`, `order`...) has loaded. */
  shown(name: string): Promise<void>;
  /** Waits until `text` is visible inside the element with `testId`, or anywhere. */
  see(text: string, testId?: string): Promise<void>;
  close(): Promise<void>;
}

export const PHONE_VIEWPORT = { width: 430, height: 900 };

export async function startDemoInBrowser(): Promise<DemoInBrowser> {
  const subgraphs = await startSubgraphs();
  const social = await startFaultySubgraph(subgraphs.social.url);
  const gateway = await startGateway(subgraphs, {
    route: (name, url) => (name === 'social' ? social.url : url),
  });
  const demoUrl = `${new URL(gateway.gatewayUrl).origin}/demo`;
  const browser = await openOfflineBrowser();
  const { page } = browser;
  await page.setViewportSize(PHONE_VIEWPORT);
  const graphqlRequests: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request);
  });
  const shown = async (name: string) => {
    await page
      .locator(`main[data-status="loaded"][data-page="${name}"]`)
      .waitFor({ timeout: 30_000 });
  };
  return {
    browser,
    page,
    subgraphs,
    social,
    gatewayUrl: gateway.gatewayUrl,
    graphqlRequests,
    async open(hash = '') {
      graphqlRequests.length = 0;
      // A new document each time: only the hash changing would keep the page as it was.
      await page.goto('about:blank');
      await page.goto(`${demoUrl}${hash}`);
      const route = hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'home';
      await shown(route);
    },
    shown,
    async see(text, testId) {
      const scope = testId ? page.getByTestId(testId) : page.locator('main');
      await scope.getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
    },
    async close() {
      await browser.close();
      await gateway.close();
      await social.close();
      await stopSubgraphs(subgraphs);
    },
  };
}
