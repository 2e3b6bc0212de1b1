/// <reference lib="dom" />
/**
 * The favorites tab: the mini-programs and shops the user keeps, with the
 * benefit each brings, and those still to add, with the gift coupon a first
 * add brings.
 */
import {
  FavoriteAdd,
  FavoriteRemove,
  FavoritesPage,
  type FavoriteKind,
} from '../../../../schema/client/index';
import type { DemoApp } from '../app';
import { button, date, el, section, yuan } from '../dom';
import { blame, degraded, notDone, refusal, success, unavailableNotice } from '../feedback';
import type { Page, ScreenControl } from '../router';

const KIND_NAMES: Record<FavoriteKind, string> = {
  MINI_PROGRAM: '小程序 Mini-program',
  SHOP: '店铺 Shop',
};

function benefit(zh: string | null, en: string | null): HTMLElement | null {
  return zh ? el('div', { class: 'offer', 'data-testid': 'benefit' }, `${zh} · ${en ?? ''}`) : null;
}

async function add(
  app: DemoApp,
  control: ScreenControl,
  outcome: HTMLElement,
  kind: FavoriteKind,
  targetId: string,
) {
  const result = await app.client.execute(FavoriteAdd, { kind, targetId, deviceId: app.deviceId });
  const payload = result.data?.favoriteAdd;
  if (!payload) return void outcome.replaceChildren(notDone(result));
  if (payload.userErrors.length > 0 || !payload.favorite)
    return void outcome.replaceChildren(refusal(payload.userErrors));
  const { favorite, gift } = payload;
  await control.refresh(
    success(
      `已收藏 ${favorite.title}`,
      `Added ${favorite.titleEn} to favorites`,
      gift
        ? el(
            'p',
            { 'data-testid': 'gift' },
            `获得礼券 Gift: ${gift.title} ${gift.titleEn} −${yuan(gift.discount)} · 至 ${date(gift.validUntil)}`,
          )
        : null,
    ),
  );
}

async function remove(
  app: DemoApp,
  control: ScreenControl,
  outcome: HTMLElement,
  kind: FavoriteKind,
  targetId: string,
  title: string,
) {
  const result = await app.client.execute(FavoriteRemove, { kind, targetId });
  const payload = result.data?.favoriteRemove;
  if (!payload) return void outcome.replaceChildren(notDone(result));
  if (payload.userErrors.length > 0)
    return void outcome.replaceChildren(refusal(payload.userErrors));
  await control.refresh(success(`已取消收藏 ${title}`, 'Removed from favorites'));
}

export const favoritesPage: Page = async (app, _, control) => {
  const result = await app.client.execute(FavoritesPage, { kind: null });
  const favorites = result.data?.me?.favorites;
  const targets = result.data?.favoriteTargets;
  const outcome = el('div', {});
  const kept = new Set(
    (favorites ?? []).map((favorite) => `${favorite.kind}:${favorite.targetId}`),
  );
  const toAdd = (targets ?? []).filter((target) => !kept.has(`${target.kind}:${target.id}`));
  return {
    tab: 'favorites',
    title: '收藏',
    titleEn: 'Favorites',
    parts: [
      unavailableNotice(result),
      outcome,
      favorites
        ? section(
            'my-favorites',
            '我的收藏',
            'My favorites',
            favorites.length === 0
              ? el('p', { class: 'muted' }, '还没有收藏 · Nothing kept yet')
              : el(
                  'ul',
                  {},
                  ...favorites.map((favorite) =>
                    el(
                      'li',
                      { class: 'item', 'data-testid': 'favorite' },
                      el(
                        'div',
                        {},
                        el('div', { class: 'title' }, favorite.title),
                        el(
                          'div',
                          { class: 'en' },
                          `${favorite.titleEn} · ${KIND_NAMES[favorite.kind]}`,
                        ),
                        benefit(favorite.benefit, favorite.benefitEn),
                      ),
                      button(
                        '取消收藏 Remove',
                        () =>
                          remove(
                            app,
                            control,
                            outcome,
                            favorite.kind,
                            favorite.targetId,
                            favorite.title,
                          ),
                        { 'data-testid': 'remove-favorite' },
                      ),
                    ),
                  ),
                ),
          )
        : degraded('my-favorites', '我的收藏', 'My favorites', blame(result, 'commerce')),
      targets
        ? section(
            'favorite-targets',
            '推荐收藏',
            'Worth keeping',
            toAdd.length === 0
              ? el('p', { class: 'muted' }, '都收藏了 · You keep them all')
              : el(
                  'ul',
                  {},
                  ...toAdd.map((target) =>
                    el(
                      'li',
                      { class: 'item', 'data-testid': 'favorite-target' },
                      el(
                        'div',
                        {},
                        el('div', { class: 'title' }, target.title),
                        el(
                          'div',
                          { class: 'en' },
                          `${target.titleEn} · ${KIND_NAMES[target.kind]}`,
                        ),
                        benefit(target.benefit, target.benefitEn),
                        target.gift
                          ? el(
                              'div',
                              { class: 'gift' },
                              `收藏得 ${target.gift.title} · Gift: ${target.gift.titleEn}`,
                            )
                          : null,
                      ),
                      button('收藏 Add', () => add(app, control, outcome, target.kind, target.id), {
                        class: 'primary',
                        'data-testid': 'add-favorite',
                      }),
                    ),
                  ),
                ),
          )
        : degraded('favorite-targets', '推荐收藏', 'Worth keeping', blame(result, 'commerce')),
    ].filter((part) => part !== null),
  };
};
