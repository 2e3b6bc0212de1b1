/// <reference lib="dom" />
/**
 * The demo mini-program: a few pages behind a bottom tab bar, each built on
 * the typed client of schema/client/, routed by the URL's hash within /demo.
 */
import { startApp } from './app';
import { startRouter, type Page } from './router';
import { brandPage } from './pages/brand';
import { campaignPage } from './pages/campaign';
import { checkoutPage } from './pages/checkout';
import { couponsPage } from './pages/coupons';
import { favoritesPage } from './pages/favorites';
import { feedPage } from './pages/feed';
import { homePage } from './pages/home';
import { mePage } from './pages/me';
import { orderPage } from './pages/order';
import { ordersPage } from './pages/orders';
import { storePage } from './pages/store';

const PAGES: Record<string, Page> = {
  '': homePage,
  store: storePage,
  checkout: checkoutPage,
  order: orderPage,
  orders: ordersPage,
  coupons: couponsPage,
  campaign: campaignPage,
  favorites: favoritesPage,
  me: mePage,
  feed: feedPage,
  brand: brandPage,
};

startRouter(document.getElementById('app')!, startApp(), PAGES);
