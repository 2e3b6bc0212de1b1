/// <reference lib="dom" />
/**
 * A brand's page, reached from its stores: the flagship shop and what it
 * stocks, the member card the user holds with its merchant, and its stores
 * nearest the user.
 */
import { BrandPage } from '../../../../schema/client/index';
import { distance, el, link, section, yuan } from '../dom';
import { blame, degraded, unavailableNotice } from '../feedback';
import type { Page } from '../router';

export const brandPage: Page = async (app, route) => {
  const brandId = route.params[0] ?? '';
  const result = await app.client.execute(BrandPage, { brandId, ...app.point });
  const brand = result.data?.brand;
  if (!brand) {
    return {
      tab: null,
      title: '品牌',
      titleEn: 'Brand',
      parts: [
        result.errors.length > 0
          ? degraded('brand', '品牌', 'Brand', blame(result, 'commerce'))
          : el('p', { class: 'failed' }, '找不到这个品牌 · Brand not found'),
      ],
    };
  }
  const shop = brand.flagshipShop;
  const card = brand.merchant?.memberCard;
  return {
    tab: null,
    title: brand.name,
    titleEn: brand.nameEn,
    parts: [
      unavailableNotice(result),
      brand.merchant
        ? section(
            'brand-member',
            '会员卡',
            'Member card',
            el('div', { class: 'title' }, brand.merchant.name),
            card
              ? el(
                  'div',
                  { class: 'offer', 'data-testid': 'member-card' },
                  `${card.isMember ? '会员 Member' : '可享 Offer'} · ${card.merchantTier} · ${card.discountPercent}% off · ${card.description}`,
                )
              : el('p', { class: 'muted' }, '暂无会员权益 · No member benefits'),
          )
        : degraded('brand-member', '会员卡', 'Member card', blame(result, 'payments')),
      shop
        ? section(
            'flagship',
            shop.name,
            shop.nameEn,
            el(
              'ul',
              {},
              ...shop.inventory.map(({ product, quantity }) =>
                el(
                  'li',
                  { class: 'item', 'data-testid': 'flagship-product' },
                  el(
                    'div',
                    {},
                    el('div', {}, product.name),
                    el('div', { class: 'en' }, product.nameEn),
                  ),
                  el(
                    'div',
                    { class: 'right' },
                    el('div', { class: 'price' }, yuan(product.price)),
                    el(
                      'div',
                      { class: 'en' },
                      quantity > 0 ? `库存 ${quantity} in stock` : '售罄 Sold out',
                    ),
                  ),
                ),
              ),
            ),
          )
        : null,
      brand.stores
        ? section(
            'brand-stores',
            '附近门店',
            'Stores near you',
            el(
              'ul',
              {},
              ...brand.stores.edges.map(({ node, distanceMeters }) =>
                el(
                  'li',
                  { class: 'item' },
                  link(
                    `#/store/${encodeURIComponent(node.id)}`,
                    {},
                    el('div', { class: 'title' }, node.name),
                    el('div', { class: 'en' }, node.nameEn),
                  ),
                  el('span', { class: 'muted' }, distance(distanceMeters)),
                ),
              ),
            ),
          )
        : degraded('brand-stores', '附近门店', 'Stores near you', blame(result, 'maps')),
    ].filter((part) => part !== null),
  };
};
