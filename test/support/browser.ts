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
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
