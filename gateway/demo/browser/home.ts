/// <reference lib="dom" />
/**
 * The demo mini-program's home screen: one request (the persisted
 * MiniProgramHome query, by id, through the typed client), three sections.
 * A subgraph that is down costs its own section or fields only: the client
 * returns the partial data with the SUBGRAPH_UNAVAILABLE errors, and each part
 * whose data is missing says so instead of disappearing.
 */
import {
  ClientError,
  createClient,
  fetchTransport,
  MiniProgramHome,
  unavailableServices,
  type ExecutionResult,
  type MiniProgramHomeQuery,
} from '../../../schema/client/index';
import { DEMO_SETTINGS_ELEMENT_ID, type DemoSettings } from '../settings';

type Home = MiniProgramHomeQuery;
type Topic = NonNullable<Home['trendingTopics']>[number];
type Store = NonNullable<Home['nearbyStores']>['edges'][number];

type Child = Node | string | null | undefined | false;

/** Builds elements from text only: nothing from the data is ever parsed as HTML. */
function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Prices are integer fen; shown in yuan. */
function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

function distance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toFixed(1)} km`;
}

function readSettings(): DemoSettings {
  const element = document.getElementById(DEMO_SETTINGS_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`The page has no #${DEMO_SETTINGS_ELEMENT_ID}`);
  return JSON.parse(element.textContent) as DemoSettings;
}

function pointOf(settings: DemoSettings): { lat: number; lng: number } {
  const query = new URLSearchParams(location.search);
  const lat = Number(query.get('lat'));
  const lng = Number(query.get('lng'));
  return query.has('lat') && query.has('lng') && Number.isFinite(lat) && Number.isFinite(lng)
    ? { lat, lng }
    : settings.point;
}

/** The demo user's token from the gateway's development endpoint; anonymous without it. */
async function demoToken(tokenPath: string): Promise<string | null> {
  try {
    const response = await fetch(tokenPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app: 'hutong-demo' }),
    });
    if (!response.ok) return null;
    return ((await response.json()) as { token?: string }).token ?? null;
  } catch {
    return null;
  }
}

/** A part whose data did not come: which of its subgraphs are down, in both languages. */
function degraded(id: string, titleZh: string, titleEn: string, services: string[]): HTMLElement {
  const who = services.length > 0 ? services.join(', ') : 'unknown';
  return el(
    'section',
    { 'data-testid': id, 'data-state': 'degraded', class: 'degraded' },
    el('h2', {}, titleZh, el('small', {}, titleEn)),
    el('p', {}, `暂时无法加载，请稍后再试。`),
    el(
      'p',
      { class: 'muted' },
      `Temporarily unavailable (${who}). The rest of the page still works.`,
    ),
  );
}

function trendingSection(topics: Topic[]): HTMLElement {
  return el(
    'section',
    { 'data-testid': 'trending', 'data-state': 'ok' },
    el('h2', {}, '热搜', el('small', {}, 'Trending')),
    el(
      'ul',
      {},
      ...topics.map((topic) => {
        // A store or product its service could not describe is left out; the topic stays.
        const stores = (topic.relatedStores ?? []).filter((store) => store !== null);
        const products = (topic.relatedProducts ?? []).filter((product) => product !== null);
        return el(
          'li',
          { class: 'topic' },
          el('span', { class: 'heat' }, `🔥 ${topic.heat.toLocaleString('zh-CN')}`),
          el('div', { class: 'title' }, topic.title),
          el('div', { class: 'en' }, topic.titleEn),
          stores.length > 0
            ? el(
                'div',
                { class: 'products' },
                `门店 Stores: ${stores.map((store) => store.name).join('、')}`,
              )
            : null,
          products.length > 0
            ? el(
                'div',
                { class: 'products' },
                `商品 Products: ${products
                  .map((product) => `${product.name} ${yuan(product.price)}`)
                  .join('、')}`,
              )
            : null,
        );
      }),
    ),
  );
}

function storeItem(edge: Store, unavailable: string[]): HTMLElement {
  const store = edge.node;
  const offer = store.memberOffer;
  const delivery = store.delivery
    ? `配送 Delivery ${yuan(store.delivery.fee)} · ${store.delivery.etaMinutes} min`
    : unavailable.includes('food')
      ? '配送信息暂不可用 · Delivery unavailable'
      : '不配送 · No delivery';
  return el(
    'li',
    { class: 'store', 'data-testid': 'store' },
    el('div', { class: 'title' }, store.name),
    el('div', { class: 'en' }, store.nameEn),
    el(
      'div',
      { class: 'facts' },
      el('span', { 'data-testid': 'distance' }, `📍 ${distance(edge.distanceMeters)}`),
      el('span', { 'data-testid': 'delivery' }, delivery),
    ),
    offer
      ? el(
          'span',
          { class: 'offer', 'data-testid': 'member-offer' },
          `${offer.isMember ? '会员 Member' : '可享 Offer'} · ${offer.merchantTier} · ${offer.discountPercent}% off · ${offer.description}`,
        )
      : null,
    store.products && store.products.length > 0
      ? el(
          'div',
          { class: 'products' },
          store.products.map((product) => `${product.name} ${yuan(product.price)}`).join(' · '),
        )
      : unavailable.includes('commerce')
        ? el('div', { class: 'products muted' }, '商品暂不可用 · Products unavailable')
        : null,
  );
}

function nearbySection(stores: Store[], unavailable: string[]): HTMLElement {
  return el(
    'section',
    { 'data-testid': 'nearby', 'data-state': 'ok' },
    el('h2', {}, '附近门店', el('small', {}, 'Nearby stores')),
    stores.length === 0
      ? el('p', { class: 'muted' }, '附近没有门店 · No stores nearby')
      : el('ul', {}, ...stores.map((edge) => storeItem(edge, unavailable))),
  );
}

function membershipSection(me: NonNullable<Home['me']>): HTMLElement {
  const membership = me.membership;
  return el(
    'section',
    { 'data-testid': 'membership', 'data-state': 'ok', class: 'card' },
    el('h2', {}, '会员卡', el('small', { class: 'muted' }, 'Membership card')),
    el('div', { class: 'title' }, me.nickname),
    membership
      ? el(
          'dl',
          {},
          el('dt', {}, '等级 Tier'),
          el('dd', { 'data-testid': 'tier' }, membership.tier),
          el('dt', {}, '状态 Status'),
          el('dd', {}, membership.status === 'ACTIVE' ? '生效中 Active' : '未开通 None'),
          el('dt', {}, '本期已享 Benefits'),
          el('dd', {}, yuan(membership.benefitsThisPeriod)),
          el('dt', {}, '下次结算 Next charge'),
          el('dd', { 'data-testid': 'next-charge' }, yuan(membership.nextSettlementCharge)),
        )
      : el('p', { class: 'muted' }, '暂无会员信息 · No membership information'),
  );
}

function signedOutSection(): HTMLElement {
  return el(
    'section',
    { 'data-testid': 'membership', 'data-state': 'signed-out', class: 'card' },
    el('h2', {}, '会员卡', el('small', { class: 'muted' }, 'Membership card')),
    el('p', {}, '登录后查看会员权益 · Sign in to see your membership'),
  );
}

function renderHome(root: HTMLElement, result: ExecutionResult<Home>): void {
  const data = result.data;
  const unavailable = unavailableServices(result);
  // An anonymous visitor's membership is refused (UNAUTHENTICATED): signed out, not failed.
  const otherErrors = result.errors.filter(
    (error) =>
      error.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' &&
      error.extensions?.code !== 'UNAUTHENTICATED',
  );
  const down = (...services: string[]) => unavailable.filter((name) => services.includes(name));
  // A part missing for no subgraph's outage fell to another error: name whatever failed.
  const blame = (...services: string[]) =>
    down(...services).length > 0 ? down(...services) : unavailable;

  const parts: HTMLElement[] = [];
  if (unavailable.length > 0)
    parts.push(
      el(
        'div',
        { class: 'notice', role: 'status' },
        `部分内容暂不可用 · Some parts are unavailable right now: ${unavailable.join(', ')}`,
      ),
    );
  parts.push(
    data?.trendingTopics
      ? trendingSection(data.trendingTopics)
      : degraded('trending', '热搜', 'Trending', blame('social')),
  );
  parts.push(
    data?.nearbyStores
      ? nearbySection(data.nearbyStores.edges, unavailable)
      : degraded('nearby', '附近门店', 'Nearby stores', blame('maps')),
  );
  if (data?.me) parts.push(membershipSection(data.me));
  else if (unavailable.length > 0 || otherErrors.length > 0)
    parts.push(degraded('membership', '会员卡', 'Membership card', blame('payments')));
  else parts.push(signedOutSection());

  root.replaceChildren(
    el(
      'header',
      {},
      el('h1', {}, 'Hutong 生活'),
      el('p', {}, '西湖边的热搜、门店和会员 · What is hot and near around West Lake'),
    ),
    ...parts,
  );
  root.dataset.status = 'loaded';
}

function renderFailure(root: HTMLElement, error: unknown, retry: () => void): void {
  const message =
    error instanceof ClientError && error.code === 'TIMEOUT'
      ? '请求超时 · The request timed out'
      : '无法连接 Hutong · Could not reach Hutong';
  const button = el('button', { type: 'button' }, '重试 Retry');
  button.addEventListener('click', retry);
  root.replaceChildren(
    el('header', {}, el('h1', {}, 'Hutong 生活')),
    el('div', { class: 'failed', role: 'alert' }, el('p', {}, message), button),
  );
  root.dataset.status = 'failed';
}

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const settings = readSettings();
  const token = demoToken(settings.tokenPath);
  const client = createClient({
    url: settings.graphqlPath,
    transport: fetchTransport(),
    token: () => token,
    headers: { 'x-app-id': 'hutong-demo' },
  });
  const load = async () => {
    try {
      renderHome(root, await client.execute(MiniProgramHome, pointOf(settings)));
    } catch (error) {
      renderFailure(root, error, () => void load());
    }
  };
  await load();
}

void main();
