/// <reference lib="dom" />
/**
 * The feed: what followed members and life accounts posted, pushed and
 * shared; the user's own home page and inbox of mini-program cards; and the
 * city's mini-programs to share to the home page.
 */
import {
  FeedPage,
  InboxPage,
  MiniProgramShare,
  PortalsPage,
  type FeedPageQuery,
  type PortalsPageQuery,
} from '../../../../schema/client/index';
import { idempotencyKey, type DemoApp } from '../app';
import { button, dateTime, el, section } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import type { Page, ScreenControl } from '../router';

type Feed = NonNullable<FeedPageQuery['me']>;
/** A mini-program card as the inbox and the home page list it; the home page's are the user's own. */
interface CardList {
  edges: {
    node: {
      id: string;
      createdAt: string;
      miniProgram: { title: string; titleEn: string } | null;
      sharedBy?: { nickname: string } | null;
    };
  }[];
}
type Portal = NonNullable<PortalsPageQuery['portals']>[number];
type FeedItem = NonNullable<Feed['feed']>['edges'][number]['node'];

function feedItem(item: FeedItem): HTMLElement {
  const when = el('div', { class: 'muted' }, dateTime(item.createdAt));
  if ('text' in item)
    return el(
      'li',
      { class: 'post', 'data-testid': 'feed-item' },
      el('div', { class: 'title' }, item.author?.nickname ?? ''),
      el('div', {}, item.text),
      el('div', { class: 'muted' }, `赞 ${item.likes} likes · ${dateTime(item.createdAt)}`),
    );
  if ('body' in item)
    return el(
      'li',
      { class: 'post', 'data-testid': 'feed-item' },
      el('div', { class: 'title' }, `生活号 ${item.lifeAccount?.name ?? ''}`),
      el('div', {}, item.title),
      el('div', { class: 'en' }, item.body),
      when,
    );
  if ('channel' in item)
    return el(
      'li',
      { class: 'post', 'data-testid': 'feed-item' },
      el('div', { class: 'title' }, `${item.sharedBy?.nickname ?? ''} 分享了小程序 shared`),
      el('div', {}, `${item.miniProgram?.title ?? ''} · ${item.miniProgram?.titleEn ?? ''}`),
      when,
    );
  return el('li', {}, when);
}

function cardList(id: string, zh: string, en: string, cards: CardList | null, empty: string) {
  const edges = cards?.edges ?? [];
  return section(
    id,
    zh,
    en,
    edges.length === 0
      ? el('p', { class: 'muted' }, empty)
      : el(
          'ul',
          {},
          ...edges.map(({ node: card }) =>
            el(
              'li',
              { class: 'item', 'data-testid': 'mini-program-card' },
              el(
                'div',
                {},
                el('div', { class: 'title' }, card.miniProgram?.title ?? ''),
                el('div', { class: 'en' }, card.miniProgram?.titleEn ?? ''),
              ),
              el(
                'div',
                { class: 'muted' },
                card.sharedBy ? `${card.sharedBy.nickname} · ` : '',
                dateTime(card.createdAt),
              ),
            ),
          ),
        ),
  );
}

function shareSection(
  app: DemoApp,
  portals: Portal[],
  feed: Feed | null | undefined,
  control: ScreenControl,
): HTMLElement {
  const outcome = el('div', {});
  const share = (miniProgramId: string, title: string) => async () => {
    const result = await app.client.execute(MiniProgramShare, {
      miniProgramId,
      channel: 'HOME_PAGE',
      recipientId: null,
      idempotencyKey: idempotencyKey(),
    });
    const payload = result.data?.miniProgramShare;
    if (!payload) return void outcome.replaceChildren(notDone(result));
    if (payload.userErrors.length > 0 || !payload.card) {
      outcome.replaceChildren(
        refusal(payload.userErrors),
        payload.nextShareAllowedAt
          ? el(
              'p',
              { class: 'muted' },
              `下次可分享 Next share: ${dateTime(payload.nextShareAllowedAt)}`,
            )
          : '',
      );
      return;
    }
    await control.refresh(success(`已分享 ${title} 到我的主页`, 'Shared to your home page'));
  };
  const seen = new Set<string>();
  const services = portals
    .flatMap((portal) => portal.services)
    .filter((service) => !seen.has(service.id) && seen.add(service.id));
  const account = feed?.socialAccount;
  return section(
    'share',
    '分享小程序',
    'Share a mini-program',
    account && !account.mayShareMiniPrograms
      ? el(
          'p',
          { class: 'muted' },
          '分享需白名单企业号或大V账号 · Sharing needs a whitelisted enterprise or verified account',
        )
      : null,
    outcome,
    el(
      'ul',
      {},
      ...services.map((service) =>
        el(
          'li',
          { class: 'item' },
          el(
            'div',
            {},
            el('div', { class: 'title' }, service.title),
            el('div', { class: 'en' }, service.titleEn),
          ),
          button('分享到主页 Share', share(service.id, service.title), { 'data-testid': 'share' }),
        ),
      ),
    ),
  );
}

export const feedPage: Page = async (app, _, control) => {
  const [feed, inbox, portals] = await Promise.all([
    app.client.execute(FeedPage, { first: 10, after: null }),
    app.client.execute(InboxPage, { first: 10 }),
    app.client.execute(PortalsPage, { city: app.settings.city }),
  ]);
  const me = feed.data?.me;
  const mine = inbox.data?.me;
  return {
    tab: null,
    title: '动态',
    titleEn: 'Feed',
    parts: [
      unavailableNotice(feed) ?? unavailableNotice(inbox) ?? unavailableNotice(portals),
      portals.data?.portals
        ? shareSection(app, portals.data.portals, me, control)
        : degraded('share', '分享小程序', 'Share a mini-program', blame(portals, 'social')),
      mine
        ? cardList(
            'home-page',
            '我的主页',
            'My home page',
            mine.homePage,
            '还没有分享 · Nothing shared yet',
          )
        : degraded('home-page', '我的主页', 'My home page', blame(inbox, 'social')),
      mine
        ? cardList('inbox', '收件箱', 'Inbox', mine.inbox, '没有私信 · No messages')
        : degraded('inbox', '收件箱', 'Inbox', blame(inbox, 'social')),
      me?.feed
        ? section(
            'feed',
            '关注动态',
            `Following · ${me.followingCount ?? 0} following, ${me.followerCount ?? 0} followers`,
            me.feed.edges.length === 0
              ? el('p', { class: 'muted' }, '暂无动态 · Nothing yet')
              : el('ul', {}, ...me.feed.edges.map(({ node }) => feedItem(node))),
          )
        : degraded('feed', '关注动态', 'Following', blame(feed, 'social')),
    ].filter((part) => part !== null),
  };
};
