/// <reference lib="dom" />
/**
 * Hash routing within /demo (`#/store/<id>`, `#/order/<id>`...): the gateway
 * serves one page, and a mini-program's pages are screens of one app. Each
 * route's page loads its data and returns what to show; a page that keeps
 * working while shown (the order status polls) says how to stop when the user
 * leaves.
 */
import type { DemoApp } from './app';
import { el } from './dom';
import { failure } from './feedback';
import { tabBar, type TabName } from './tabbar';

export interface Route {
  /** The first segment: `store` for `#/store/store-kfc-hubin`; '' for the home page. */
  name: string;
  params: string[];
  query: URLSearchParams;
}

export interface Screen {
  /** The tab it belongs to; null for a page reached from another (it gets a back button). */
  tab: TabName | null;
  title: string;
  titleEn: string;
  parts: HTMLElement[];
  /** Called when the user leaves the page. */
  leave?: () => void;
}

export interface ScreenControl {
  /** Loads the shown route again, keeping `keep` (a success or refusal) above it. */
  refresh(keep?: HTMLElement | null): Promise<void>;
  /** Whether this page is still the one shown. */
  shown(): boolean;
}

export type Page = (app: DemoApp, route: Route, control: ScreenControl) => Promise<Screen>;

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name, params, query: new URLSearchParams(search) };
}

export function startRouter(root: HTMLElement, app: DemoApp, pages: Record<string, Page>): void {
  let leave: (() => void) | undefined;
  let generation = 0;

  const show = async (keep?: HTMLElement | null) => {
    leave?.();
    leave = undefined;
    const mine = ++generation;
    const route = parseRoute(location.hash);
    const page = pages[route.name] ?? pages['']!;
    root.dataset.status = 'loading';
    root.dataset.page = route.name || 'home';
    const control: ScreenControl = {
      refresh: (kept) => show(kept),
      shown: () => mine === generation,
    };
    let screen: Screen;
    try {
      screen = await page(app, route, control);
    } catch (error) {
      if (mine !== generation) return;
      const retry = el('button', { type: 'button' }, '重试 Retry');
      retry.addEventListener('click', () => void show());
      root.replaceChildren(
        el('header', {}, el('h1', {}, 'Hutong 生活')),
        el('div', { class: 'content' }, failure(error), retry),
        tabBar(null),
      );
      root.dataset.status = 'failed';
      return;
    }
    if (mine !== generation) {
      screen.leave?.();
      return;
    }
    leave = screen.leave;
    const back = el('button', { type: 'button', class: 'back', 'aria-label': '返回 Back' }, '‹');
    back.addEventListener('click', () => history.back());
    root.replaceChildren(
      el(
        'header',
        {},
        screen.tab === null ? back : null,
        el('h1', {}, screen.title),
        el('p', {}, screen.titleEn),
      ),
      el('div', { class: 'content' }, keep ?? null, ...screen.parts),
      tabBar(screen.tab),
    );
    root.dataset.status = 'loaded';
    window.scrollTo(0, 0);
  };

  window.addEventListener('hashchange', () => void show());
  void show();
}
