/**
 * Every journey a mini-program ships, walked as the mini-program walks it: the
 * typed client (schema/client/) sending each operation of schema/operations/
 * by its persisted id to a gateway in production configuration, where only
 * the manifest runs and each app only what schema/apps.yaml lists for it. The
 * last test proves that every operation of the manifest was walked here.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  BrandList,
  BrandPage,
  CheckoutCoupons,
  CheckoutPay,
  CheckoutVisitRecord,
  CouponCampaignPage,
  CouponClaim,
  CouponsPage,
  createClient,
  FavoriteAdd,
  FavoriteRemove,
  FavoritesPage,
  FeedPage,
  fetchTransport,
  FoodOrderCancel,
  FoodOrderList,
  FoodOrderPlace,
  FoodOrderStatus,
  InboxPage,
  KitchenOrderAccept,
  KitchenOrderComplete,
  KitchenOrderDeliver,
  KitchenOrderDispatch,
  KitchenOrderMarkReady,
  KitchenOrders,
  LifeAccountFollow,
  LifeAccountPage,
  LifeAccountPush,
  LifeAccountUnfollow,
  MembershipCancel,
  MembershipJoin,
  MembershipOffer,
  MembershipPage,
  MembershipSettlementPay,
  MerchantDashboard,
  MerchantTierMappingSet,
  MiniProgramHome,
  MiniProgramShare,
  PortalPage,
  PortalsPage,
  ShopOrderCancel,
  ShopOrderList,
  ShopOrderPlace,
  StoreArrive,
  StorePage,
  UserFollow,
  UserUnfollow,
  WalletPage,
  WalletTopUp,
  type ExecutionResult,
  type HutongClient,
  type PersistedOperation,
} from '../../schema/client/index';
import { HUBIN } from '../support/harness';
import { productionGraph, signIn } from '../support/production';
import { STORE_POSITIONS } from '../support/seeded-stores';

const graph = productionGraph();
let url: string;

/** Names of the operations the journeys sent and the gateway served. */
const walked = new Set<string>();

interface JourneyClient {
  /** The operation's data; fails the test on any GraphQL error. */
  run<Result, Variables>(
    operation: PersistedOperation<Result, Variables>,
    variables?: Variables,
  ): Promise<Result>;
  /** The whole answer, errors included. */
  send<Result, Variables>(
    operation: PersistedOperation<Result, Variables>,
    variables?: Variables,
  ): Promise<ExecutionResult<Result>>;
}

/** What a user of `app` runs: the typed client with a token the sign-in service signed. */
function signedIn(userId: string, app = 'hutong-demo'): JourneyClient {
  const client: HutongClient = createClient({
    url,
    transport: fetchTransport(),
    token: () => signIn.sign(userId, { app }),
  });
  const send = async <Result, Variables>(
    operation: PersistedOperation<Result, Variables>,
    variables?: Variables,
  ) => {
    const result = await (
      client.execute as (
        operation: PersistedOperation<Result, Variables>,
        variables?: Variables,
      ) => Promise<ExecutionResult<Result>>
    )(operation, variables);
    if (!result.errors?.some((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'))
      walked.add(operation.name);
    return result;
  };
  return {
    send,
    async run(operation, variables) {
      const result = await send(operation, variables);
      expect(result.errors ?? []).toEqual([]);
      return result.data!;
    },
  };
}

const key = (what: string) => `journey-${what}-${crypto.randomUUID()}`;

beforeAll(async () => {
  url = await graph.gatewayWith();
});

describe('a customer of the demo mini-program', () => {
  it('opens a store from the home screen: menu, delivery quote, products, member offer; checks in on arrival', async () => {
    const demo = signedIn('demo');
    const home = await demo.run(MiniProgramHome, HUBIN);
    const kfc = home.nearbyStores?.edges.find(({ node }) => node.id === 'store-kfc-hubin');
    expect(kfc).toBeDefined();

    const { store } = await demo.run(StorePage, { storeId: 'store-kfc-hubin', ...HUBIN });
    expect(store).toMatchObject({
      id: 'store-kfc-hubin',
      brand: { id: 'brand-kfc' },
      merchant: { id: 'm-kfc' },
      acceptsOrdersNow: true,
      delivery: { kitchenOpen: true, fee: expect.any(Number), etaMinutes: expect.any(Number) },
      memberOffer: { isMember: true, merchantTier: expect.any(String) },
      arrivalOffer: { discount: expect.any(Number) },
    });
    expect(store?.menu?.map((item) => item.id)).toContain('mi-kfc-bucket');
    expect(store?.products?.length).toBeGreaterThan(0);
    expect(store?.travel?.distanceMeters).toBeLessThan(200);

    const arrived = await demo.run(StoreArrive, {
      storeId: 'store-kfc-hubin',
      at: STORE_POSITIONS['store-kfc-hubin'],
      idempotencyKey: key('arrive'),
    });
    expect(arrived.storeArrive).toMatchObject({ newlyIssued: true, userErrors: [] });
  });

  it('orders food with a coupon, pays, follows the status, cancels and is refunded', async () => {
    const demo = signedIn('demo');
    const { me } = await demo.run(CheckoutCoupons);
    const coupon = me?.coupons?.find((candidate) => candidate.id === 'cp-demo-kfc-10');
    expect(coupon).toMatchObject({ status: 'AVAILABLE', code: expect.any(String) });

    const placed = await demo.run(FoodOrderPlace, {
      storeId: 'store-kfc-hubin',
      lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
      deliverTo: HUBIN,
      couponCode: coupon!.code,
      idempotencyKey: key('food'),
    });
    expect(placed.foodOrderPlace?.userErrors).toEqual([]);
    const order = placed.foodOrderPlace!.order!;
    expect(order).toMatchObject({ status: 'PLACED', subtotal: 8900, couponDiscount: 1000 });
    expect(order.total).toBe(8900 + order.deliveryFee - 1000);

    const paid = await demo.run(CheckoutPay, {
      paymentRequest: order.paymentRequest!,
      idempotencyKey: key('pay'),
    });
    expect(paid.paymentCreate?.userErrors).toEqual([]);
    expect(paid.paymentCreate?.payment).toMatchObject({
      status: 'SUCCEEDED',
      amount: order.total,
      merchant: { id: 'm-kfc' },
    });

    const status = await demo.run(FoodOrderStatus, { orderId: order.id });
    expect(status.foodOrder).toMatchObject({
      status: 'PLACED',
      lines: [{ quantity: 1, menuItem: { id: 'mi-kfc-bucket' } }],
      payment: { status: 'SUCCEEDED', refundedAt: null },
    });
    const list = await demo.run(FoodOrderList, { first: 5 });
    expect(list.me?.foodOrders?.edges[0]?.node.id).toBe(order.id);

    const cancelled = await demo.run(FoodOrderCancel, { orderId: order.id });
    expect(cancelled.foodOrderCancel).toEqual({
      order: {
        id: order.id,
        status: 'CANCELLED',
        payment: {
          status: 'REFUNDED',
          charged: paid.paymentCreate!.payment!.charged,
          refundedAt: expect.any(String),
        },
      },
      userErrors: [],
    });
    const after = await demo.run(FoodOrderStatus, { orderId: order.id });
    expect(after.foodOrder?.history.map((change) => change.status)).toEqual([
      'PLACED',
      'CANCELLED',
    ]);
  });

  it('pays at a merchant and the payment proves the visit', async () => {
    const lin = signedIn('u-lin');
    const placed = await lin.run(FoodOrderPlace, {
      storeId: 'store-kfc-hubin',
      lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 1 }],
      fulfilment: 'PICKUP',
      idempotencyKey: key('visit-order'),
    });
    const order = placed.foodOrderPlace!.order!;
    const paid = await lin.run(CheckoutPay, {
      paymentRequest: order.paymentRequest!,
      idempotencyKey: key('visit-pay'),
    });
    const proof = paid.paymentCreate?.payment?.visitProof;
    expect(proof).toEqual(expect.any(String));
    const visit = await lin.run(CheckoutVisitRecord, { merchantId: 'm-kfc', visitProof: proof! });
    expect(visit.merchantVisitRecord?.userErrors).toEqual([]);
    expect(typeof visit.merchantVisitRecord?.counted).toBe('boolean');
  });

  it('places and pays a light-shop order, sees it held, cancels it and is refunded', async () => {
    const demo = signedIn('demo');
    const placed = await demo.run(ShopOrderPlace, {
      storeId: 'store-uniqlo-hubin',
      lines: [{ productId: 'prod-uniqlo-ut', quantity: 1 }],
      idempotencyKey: key('shop'),
    });
    expect(placed.shopOrderPlace?.userErrors).toEqual([]);
    const order = placed.shopOrderPlace!.order!;
    expect(order).toMatchObject({ status: 'PLACED', reservedUntil: expect.any(String) });
    const paid = await demo.run(CheckoutPay, {
      paymentRequest: order.paymentRequest!,
      idempotencyKey: key('shop-pay'),
    });
    expect(paid.paymentCreate?.payment?.status).toBe('SUCCEEDED');

    const list = await demo.run(ShopOrderList, { first: 5 });
    const listed = list.me?.shopOrders?.edges.find(({ node }) => node.id === order.id)?.node;
    expect(listed).toMatchObject({ status: 'PLACED', payment: { status: 'SUCCEEDED' } });

    const cancelled = await demo.run(ShopOrderCancel, { orderId: order.id });
    expect(cancelled.shopOrderCancel?.order).toMatchObject({
      status: 'CANCELLED',
      payment: { status: 'REFUNDED' },
    });
  });

  it('joins a light membership, sees the next charge, cancels it, and pays what an earlier one owes', async () => {
    const demo = signedIn('demo');
    const offer = await demo.run(MembershipOffer, { storeId: 'store-starbucks-in77' });
    expect(offer.store?.merchant).toMatchObject({
      id: 'm-starbucks',
      membershipProgramme: { fee: 2800, periodDays: 30, discountPercent: 10 },
      memberCard: { isMember: false },
    });
    const joined = await demo.run(MembershipJoin, {
      merchantId: 'm-starbucks',
      idempotencyKey: key('join'),
    });
    expect(joined.lightMembershipJoin?.userErrors).toEqual([]);
    const membership = joined.lightMembershipJoin!.membership!;
    expect(membership).toMatchObject({ status: 'ACTIVE', merchant: { id: 'm-starbucks' } });

    const page = await demo.run(MembershipPage);
    const held = page.me?.membership?.lightMemberships.find(({ id }) => id === membership.id);
    expect(held).toMatchObject({ status: 'ACTIVE', nextSettlementCharge: expect.any(Number) });

    const cancelled = await demo.run(MembershipCancel, {
      membershipId: membership.id,
      idempotencyKey: key('leave'),
    });
    expect(cancelled.lightMembershipCancel?.userErrors).toEqual([]);
    expect(cancelled.lightMembershipCancel?.membership?.status).toBe('CANCELLED');
    expect(cancelled.lightMembershipCancel?.settlement).toMatchObject({
      status: expect.any(String),
    });

    // A period settled when the wallet could not cover it, as the settlement job leaves it.
    const payments = graph.subgraphs.payments.db;
    await payments.query(
      `INSERT INTO light_memberships (id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed)
       VALUES ('lm-zhao-heytea-owed', 'u-zhao', 'm-heytea', 'CANCELLED', 1000, now() - interval '31 days', now() - interval '1 day', 400)`,
    );
    await payments.query(
      `INSERT INTO membership_settlements (id, membership_id, period_start, period_end, benefits_enjoyed, charged, status)
       SELECT 'ms-zhao-heytea-owed', id, period_start, period_end, 400, 400, 'OUTSTANDING'
         FROM light_memberships WHERE id = 'lm-zhao-heytea-owed'`,
    );
    const zhao = signedIn('u-zhao');
    const owed = await zhao.run(MembershipPage);
    expect(owed.me?.membership?.outstandingCharge).toBe(400);
    const settlement = owed.me?.membership?.settlements.find(
      ({ id }) => id === 'ms-zhao-heytea-owed',
    );
    expect(settlement?.status).toBe('OUTSTANDING');
    const settled = await zhao.run(MembershipSettlementPay, {
      settlementId: 'ms-zhao-heytea-owed',
      idempotencyKey: key('owed'),
    });
    expect(settled.membershipSettlementPay).toMatchObject({
      settlement: { status: 'CHARGED', paidAt: expect.any(String) },
      userErrors: [],
    });
  });

  it("claims a campaign's coupon and finds it among their coupons", async () => {
    const chen = signedIn('u-chen');
    const campaign = await chen.run(CouponCampaignPage, { campaignId: 'camp-luckin-weekly-5' });
    expect(campaign.couponCampaign).toMatchObject({ discount: 500, remaining: expect.any(Number) });
    const claimed = await chen.run(CouponClaim, {
      campaignId: 'camp-luckin-weekly-5',
      deviceId: 'device-journey-chen',
      idempotencyKey: key('claim'),
    });
    expect(claimed.couponClaim?.userErrors).toEqual([]);
    const coupon = claimed.couponClaim!.coupon!;
    const mine = await chen.run(CouponsPage);
    expect(mine.me?.coupons?.find(({ id }) => id === coupon.id)).toMatchObject({
      status: 'AVAILABLE',
      titleEn: 'Luckin 5 yuan off, weekly',
    });
  });

  it('adds a favorite with its gift, sees its benefit, and removes it', async () => {
    const chen = signedIn('u-chen');
    const before = await chen.run(FavoritesPage, { kind: 'MINI_PROGRAM' });
    const boat = before.favoriteTargets?.find(({ id }) => id === 'mp-westlake-boat');
    expect(boat).toMatchObject({ benefitEn: 'Board without queueing', gift: { discount: 1000 } });

    const added = await chen.run(FavoriteAdd, {
      kind: 'MINI_PROGRAM',
      targetId: 'mp-westlake-boat',
      deviceId: 'device-journey-chen',
    });
    expect(added.favoriteAdd).toMatchObject({
      favorite: { targetId: 'mp-westlake-boat', benefit: '免排队登船' },
      gift: { discount: 1000 },
      userErrors: [],
    });
    const kept = await chen.run(FavoritesPage, {});
    expect(kept.me?.favorites?.map(({ targetId }) => targetId)).toContain('mp-westlake-boat');

    const removed = await chen.run(FavoriteRemove, {
      kind: 'MINI_PROGRAM',
      targetId: 'mp-westlake-boat',
    });
    expect(removed.favoriteRemove).toEqual({ removedTargetId: 'mp-westlake-boat', userErrors: [] });
  });

  it('sees a followed member share a mini-program in the feed, and follows life accounts and members', async () => {
    // An account shares one mini-program an hour: two whitelisted accounts the viewer follows.
    const share = async (sharer: string, channel: 'HOME_PAGE' | 'FOLLOWING_FEED') => {
      const shared = await signedIn(sharer).run(MiniProgramShare, {
        miniProgramId: 'mp-westlake-boat',
        channel,
        idempotencyKey: key('share'),
      });
      expect(shared.miniProgramShare?.userErrors).toEqual([]);
      return shared.miniProgramShare!.card!;
    };
    const onHomePage = await share('u-zhao', 'HOME_PAGE');
    const own = await signedIn('u-zhao').run(InboxPage, { first: 5 });
    expect(own.me?.homePage?.edges.map(({ node }) => node.id)).toContain(onHomePage.id);
    const card = await share('u-wang', 'FOLLOWING_FEED');

    const demo = signedIn('demo');
    const feed = await demo.run(FeedPage, { first: 20 });
    expect(feed.me?.feed?.edges.map(({ node }) => node.id)).toContain(card.id);

    const account = await demo.run(LifeAccountPage, { lifeAccountId: 'la-louwailou' });
    const followers = account.lifeAccount!.followerCount;
    const followed = await demo.run(LifeAccountFollow, { lifeAccountId: 'la-louwailou' });
    expect(followed.lifeAccountFollow).toMatchObject({
      following: true,
      lifeAccount: { followerCount: followers + 1 },
      userErrors: [],
    });
    const unfollowed = await demo.run(LifeAccountUnfollow, { lifeAccountId: 'la-louwailou' });
    expect(unfollowed.lifeAccountUnfollow).toMatchObject({
      following: false,
      lifeAccount: { followerCount: followers },
    });

    const follow = await demo.run(UserFollow, { userId: 'u-chen' });
    expect(follow.userFollow).toMatchObject({ following: true, userErrors: [] });
    const unfollow = await demo.run(UserUnfollow, { userId: 'u-chen' });
    expect(unfollow.userUnfollow).toMatchObject({ following: false, userErrors: [] });
  });

  it("browses the city's portals and a brand with its stores nearby", async () => {
    const demo = signedIn('demo');
    const portals = await demo.run(PortalsPage, { city: 'hangzhou' });
    expect(portals.portals?.map(({ kind }) => kind).sort()).toEqual(['CITY_SERVICES', 'LIFE']);
    const life = await demo.run(PortalPage, { city: 'hangzhou', kind: 'LIFE' });
    expect(life.portal?.services.map(({ id }) => id)).toContain('mp-kfc-self-order');

    const brands = await demo.run(BrandList);
    expect(brands.brands?.map(({ id }) => id)).toContain('brand-kfc');
    const brand = await demo.run(BrandPage, { brandId: 'brand-kfc', ...HUBIN });
    expect(brand.brand).toMatchObject({ id: 'brand-kfc', merchant: { id: 'm-kfc' } });
    expect(brand.brand?.stores?.edges[0]?.node.id).toBe('store-kfc-hubin');
  });

  it('tops up the wallet from a card and sees the balance and the ledger entry', async () => {
    const demo = signedIn('demo');
    const wallet = await demo.run(WalletPage, { first: 5 });
    const balance = wallet.me!.wallet!.balance;
    const card = wallet.me?.fundingSources?.find(({ id }) => id === 'fs-demo-icbc');
    expect(card).toMatchObject({ last4: '6222' });
    const topUp = await demo.run(WalletTopUp, {
      fundingSourceId: 'fs-demo-icbc',
      amount: 5000,
      idempotencyKey: key('top-up'),
    });
    expect(topUp.walletTopUp).toMatchObject({
      topUp: { amount: 5000, wallet: { balance: balance + 5000 } },
      userErrors: [],
    });
    const after = await demo.run(WalletPage, { first: 1 });
    expect(after.me?.wallet?.entries.edges[0]?.node.amount).toBe(5000);
  });
});

describe('a step the business rules refuse', () => {
  it('answers with a userErrors code the mini-program can explain, and nothing is done', async () => {
    const chen = signedIn('u-chen');
    const wallet = await chen.run(WalletPage, { first: 1 });
    const codes = async <Result, Variables>(
      operation: PersistedOperation<Result, Variables>,
      variables: Variables,
    ) => {
      const data = (await chen.run(operation, variables)) as Record<
        string,
        { userErrors: { code: string }[] } | null
      >;
      return Object.values(data)[0]!.userErrors.map(({ code }) => code);
    };
    const refusals = {
      // u-chen's credit score is below KFC's programme's minimum.
      join: await codes(MembershipJoin, { merchantId: 'm-kfc', idempotencyKey: key('no-join') }),
      // An empty wallet cannot pay.
      pay: await codes(CheckoutPay, {
        paymentRequest: (
          await chen.run(FoodOrderPlace, {
            storeId: 'store-kfc-hubin',
            lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
            fulfilment: 'PICKUP',
            idempotencyKey: key('unpaid'),
          })
        ).foodOrderPlace!.order!.paymentRequest!,
        idempotencyKey: key('no-pay'),
      }),
      // A coupon code that is not the viewer's.
      coupon: await codes(FoodOrderPlace, {
        storeId: 'store-kfc-hubin',
        lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 1 }],
        fulfilment: 'PICKUP',
        couponCode: 'NOT-A-COUPON-CODE',
        idempotencyKey: key('no-coupon'),
      }),
      // A personal account may not share mini-programs.
      share: await codes(MiniProgramShare, {
        miniProgramId: 'mp-westlake-boat',
        channel: 'HOME_PAGE',
      }),
      // More than a top-up may carry.
      topUp: await codes(WalletTopUp, {
        fundingSourceId: 'fs-chen-abc',
        amount: 100_000_000,
        idempotencyKey: key('no-top-up'),
      }),
    };
    expect(refusals).toEqual({
      join: ['NOT_ELIGIBLE'],
      pay: ['INSUFFICIENT_BALANCE'],
      coupon: ['COUPON_INVALID'],
      share: ['NOT_WHITELISTED'],
      topUp: ['TOP_UP_TOO_LARGE'],
    });
    const after = await chen.run(WalletPage, { first: 1 });
    expect(after.me?.wallet).toEqual(wallet.me?.wallet);
  });
});

describe("a merchant's own desk", () => {
  it('maps a wallet tier to its member tier, shown as the member card', async () => {
    const owner = signedIn('owner-kfc', 'kfc-merchant');
    const mapped = await owner.run(MerchantTierMappingSet, {
      merchantId: 'm-kfc',
      walletTier: 'GOLD',
      merchantTier: '金卡会员',
      discountPercent: 12,
      description: '金卡会员 12% off',
    });
    expect(mapped.merchantTierMappingSet).toEqual({ merchant: { id: 'm-kfc' }, userErrors: [] });
    const demo = signedIn('demo');
    const offer = await demo.run(MembershipOffer, { storeId: 'store-kfc-hubin' });
    expect(offer.store?.merchant?.memberCard).toMatchObject({
      merchantTier: '金卡会员',
      discountPercent: 12,
    });
  });

  it('works the kitchen queue: accepts, dispatches and delivers, and marks ready and hands over', async () => {
    const wang = signedIn('u-wang');
    const place = (fulfilment: 'DELIVERY' | 'PICKUP') =>
      wang.run(FoodOrderPlace, {
        storeId: 'store-kfc-hubin',
        lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 2 }],
        fulfilment,
        ...(fulfilment === 'DELIVERY' ? { deliverTo: HUBIN } : {}),
        idempotencyKey: key(`kitchen-${fulfilment}`),
      });
    const delivery = (await place('DELIVERY')).foodOrderPlace!.order!;
    const pickup = (await place('PICKUP')).foodOrderPlace!.order!;

    const staff = signedIn('staff-kfc-hubin', 'kfc-merchant');
    const queue = await staff.run(KitchenOrders, { storeId: 'store-kfc-hubin', first: 20 });
    const queued = queue.kitchenOrders!.edges.map(({ node }) => node.id);
    expect(queued).toEqual(expect.arrayContaining([delivery.id, pickup.id]));
    // Oldest first: the delivery was placed before the pickup.
    expect(queued.indexOf(delivery.id)).toBeLessThan(queued.indexOf(pickup.id));

    const move = async <Result, Variables extends { orderId: string | number }>(
      operation: PersistedOperation<Result, Variables>,
      orderId: string,
    ) => {
      const data = (await staff.run(operation, { orderId } as Variables)) as Record<
        string,
        { order: { status: string } | null; userErrors: unknown[] } | null
      >;
      const payload = Object.values(data)[0]!;
      expect(payload.userErrors).toEqual([]);
      return payload.order!.status;
    };
    expect(await move(KitchenOrderAccept, delivery.id)).toBe('ACCEPTED');
    expect(await move(KitchenOrderDispatch, delivery.id)).toBe('DELIVERING');
    expect(await move(KitchenOrderDeliver, delivery.id)).toBe('DELIVERED');
    expect(await move(KitchenOrderAccept, pickup.id)).toBe('ACCEPTED');
    expect(await move(KitchenOrderMarkReady, pickup.id)).toBe('READY');
    expect(await move(KitchenOrderComplete, pickup.id)).toBe('COMPLETED');

    const open = await staff.run(KitchenOrders, { storeId: 'store-kfc-hubin', first: 20 });
    const stillOpen = open.kitchenOrders!.edges.map(({ node }) => node.id);
    expect(stillOpen).not.toContain(delivery.id);
    expect(stillOpen).not.toContain(pickup.id);
    const seen = await wang.run(FoodOrderStatus, { orderId: delivery.id });
    expect(seen.foodOrder?.history.map(({ status }) => status)).toEqual([
      'PLACED',
      'ACCEPTED',
      'DELIVERING',
      'DELIVERED',
    ]);

    // Another store's kitchen is not this staff's to see.
    const elsewhere = await staff.send(KitchenOrders, { storeId: 'store-louwailou-gushan' });
    expect(elsewhere.data?.kitchenOrders).toBeNull();
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pushes to its life account and reads its pledge figures, which nobody else sees', async () => {
    const chen = signedIn('u-chen', 'kfc-merchant');
    const pushed = await chen.run(LifeAccountPush, {
      lifeAccountId: 'la-kfc-hangzhou',
      title: '疯狂星期四',
      body: '全家桶半价 Family Bucket half price',
      idempotencyKey: key('push'),
    });
    expect(pushed.lifeAccountPush).toMatchObject({
      push: { title: '疯狂星期四' },
      userErrors: [],
    });

    const owner = signedIn('owner-heytea');
    const dashboard = await owner.run(MerchantDashboard, { storeId: 'store-heytea-in77' });
    expect(dashboard.store?.merchant).toMatchObject({
      viewerIsOwner: true,
      trafficPledge: { uniqueVisitors: expect.any(Number), exposureOwed: expect.any(Number) },
    });
    const customer = await signedIn('demo').run(MerchantDashboard, {
      storeId: 'store-heytea-in77',
    });
    expect(customer.store?.merchant).toMatchObject({ viewerIsOwner: false, trafficPledge: null });
  });

  it("runs only its own app's operations", async () => {
    const staff = signedIn('staff-kfc-hubin', 'kfc-merchant');
    const refused = await staff.send(MiniProgramHome, HUBIN);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

it('walks every operation of the manifest', () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../schema/persisted-operations.json'), 'utf8'),
  ) as { operations: { name: string }[] };
  expect([...walked].sort()).toEqual(manifest.operations.map(({ name }) => name).sort());
});
