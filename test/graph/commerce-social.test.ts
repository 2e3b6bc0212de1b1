/**
 * Commerce and social rules through the gateway, over all five subgraphs: the
 * gateway verifies the token and forwards the viewer, the rules hold, and the
 * answers join other subgraphs' fields (store names from maps, nicknames and
 * merchant names from payments).
 */
import { bearer, postGraphQL, startGraph, type RunningGraph } from '../support/harness';

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.close());

const gql = (query: string, variables: Record<string, unknown> = {}, user?: string) =>
  postGraphQL(graph.gatewayUrl, query, variables, user ? bearer(user) : {});

describe('commerce through the gateway', () => {
  it('shows a light shop with its store, its shelf and the flagship warehouse', async () => {
    const { body } = await gql(`{ store(id: "store-starbucks-in77") {
      name lightShop { brand { nameEn } flagshipShop { nameEn inventory { product { id } quantity } }
        inventory { product { name } quantity } } } }`);
    expect(body.errors).toBeUndefined();
    const { name, lightShop } = body.data.store;
    expect(name).toBe('星巴克(湖滨银泰in77店)');
    expect(lightShop.brand.nameEn).toBe('Starbucks');
    expect(lightShop.inventory[0]).toEqual({ product: { name: '西湖限定随行杯' }, quantity: 3 });
    expect(lightShop.flagshipShop.inventory).toContainEqual({
      product: { id: 'prod-starbucks-tumbler' },
      quantity: 0,
    });
  });

  it('places an order for the signed-in user, falls back to the warehouse, and lists it on me.shopOrders', async () => {
    const { body } = await gql(
      `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
        order { id total store { id name } lines { product { name } quantity source } }
        userErrors { code message } } }`,
      {
        input: {
          storeId: 'store-heytea-in77',
          idempotencyKey: 'gateway-order-0001',
          lines: [
            { productId: 'prod-heytea-grape-voucher', quantity: 2 },
            // The in77 shelf holds 8 cups: 9 come from the flagship warehouse.
            { productId: 'prod-heytea-cup', quantity: 9 },
          ],
        },
      },
      'demo',
    );
    expect(body.errors).toBeUndefined();
    const { order, userErrors } = body.data.shopOrderPlace;
    expect(userErrors).toEqual([]);
    expect(order).toMatchObject({
      total: 2 * 2500 + 9 * 6900,
      store: { id: 'store-heytea-in77', name: '喜茶(湖滨in77店)' },
      lines: [
        { product: { name: '多肉葡萄券' }, quantity: 2, source: 'LIGHT_SHOP' },
        { product: { name: '灵感杯' }, quantity: 9, source: 'FLAGSHIP_WAREHOUSE' },
      ],
    });

    const mine = await gql(
      `{ me { nickname shopOrders(first: 1) { edges { node { id store { name } } } } } }`,
      {},
      'demo',
    );
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.me).toEqual({
      nickname: '西湖小明 Xiaoming',
      shopOrders: { edges: [{ node: { id: order.id, store: { name: '喜茶(湖滨in77店)' } } }] },
    });
  });

  it('refuses an anonymous order with UNAUTHENTICATED', async () => {
    const { body } = await gql(
      `mutation { shopOrderPlace(input: { storeId: "store-heytea-in77", idempotencyKey: "gateway-anon-01",
        lines: [{ productId: "prod-heytea-cup", quantity: 1 }] }) { order { id } } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data?.shopOrderPlace ?? null).toBeNull();
  });

  it('holds the per-user coupon limit for the signed-in user and shows the coupon on me.coupons', async () => {
    const claim = (key: string) =>
      gql(
        `mutation ($input: CouponClaimInput!) { couponClaim(input: $input) {
          coupon { id campaign { id } } retryAfter userErrors { code } } }`,
        {
          input: {
            campaignId: 'camp-home-cleaning-30',
            deviceId: 'dev-chen-phone',
            idempotencyKey: key,
          },
        },
        'u-chen',
      );
    const first = await claim('gateway-claim-0001');
    expect(first.body.data.couponClaim.userErrors).toEqual([]);
    const second = await claim('gateway-claim-0002');
    expect(second.body.data.couponClaim).toEqual({
      coupon: null,
      retryAfter: null,
      userErrors: [{ code: 'CLAIM_LIMIT_REACHED' }],
    });
    const { body } = await gql(`{ me { coupons { id campaign { id remaining } } } }`, {}, 'u-chen');
    expect(body.data.me.coupons).toEqual([
      {
        id: first.body.data.couponClaim.coupon.id,
        campaign: { id: 'camp-home-cleaning-30', remaining: 199 },
      },
    ]);
  });

  it('gives the favorites gift once and shows the benefit on me.favorites', async () => {
    const add = () =>
      gql(
        `mutation { favoriteAdd(input: { kind: MINI_PROGRAM, targetId: "mp-hangzhou-metro", deviceId: "phone-lin-01" }) {
          gift { title titleEn campaign { titleEn } } userErrors { code } } }`,
        {},
        'u-wang',
      );
    expect((await add()).body.data.favoriteAdd.gift).toEqual({
      title: '杭州地铁1元乘车券',
      titleEn: 'Hangzhou Metro 1 yuan ride',
      campaign: { titleEn: 'Hangzhou Metro 1 yuan ride' },
    });
    await gql(
      `mutation { favoriteRemove(input: { kind: MINI_PROGRAM, targetId: "mp-hangzhou-metro" }) { removedTargetId } }`,
      {},
      'u-wang',
    );
    expect((await add()).body.data.favoriteAdd.gift).toBeNull();
    const { body } = await gql(
      `{ me { favorites { title titleEn benefit benefitEn } } }`,
      {},
      'u-wang',
    );
    expect(body.data.me.favorites).toEqual([
      {
        title: '杭州地铁',
        titleEn: 'Hangzhou Metro',
        benefit: '乘车立减1元',
        benefitEn: '1 yuan off a ride',
      },
    ]);
  });
});

describe('social through the gateway', () => {
  it('lets a whitelisted account share once an hour and puts the card in its followers’ feeds', async () => {
    const share = () =>
      gql(
        `mutation { miniProgramShare(input: { miniProgramId: "mp-westlake-boat", channel: FOLLOWING_FEED }) {
          card { id } nextShareAllowedAt userErrors { code } } }`,
        {},
        'u-zhao',
      );
    const first = await share();
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.miniProgramShare.userErrors).toEqual([]);
    const second = await share();
    expect(second.body.data.miniProgramShare).toEqual({
      card: null,
      nextShareAllowedAt: first.body.data.miniProgramShare.nextShareAllowedAt,
      userErrors: [{ code: 'TOO_MANY_SHARES' }],
    });

    await graph.subgraphs.social.db.query(
      `INSERT INTO follows (follower_id, followee_id) VALUES ('u-chen', 'u-zhao')`,
    );
    const { body } = await gql(
      `{ me { feed(first: 5) { edges { node { kind ... on MiniProgramCard { id miniProgram { title }
          sharedBy { id nickname } } } } } } }`,
      {},
      'u-chen',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.me.feed.edges[0].node).toEqual({
      kind: 'MINI_PROGRAM_CARD',
      id: first.body.data.miniProgramShare.card.id,
      miniProgram: { title: '西湖游船' },
      sharedBy: { id: 'u-zhao', nickname: '赵敏 Zhao Min' },
    });
  });

  it('refuses a personal account’s share with NOT_WHITELISTED', async () => {
    const { body } = await gql(
      `mutation { miniProgramShare(input: { miniProgramId: "mp-heytea-go", channel: HOME_PAGE }) {
        card { id } userErrors { code } } }`,
      {},
      'demo',
    );
    expect(body.data.miniProgramShare).toEqual({
      card: null,
      userErrors: [{ code: 'NOT_WHITELISTED' }],
    });
  });

  it('lets the owner push to followers 3 times a week, not 4', async () => {
    // The seeded push may fall in last week; start this week with none.
    await graph.subgraphs.social.db.query(
      `DELETE FROM life_account_pushes WHERE life_account_id = 'la-kfc-hangzhou'`,
    );
    const codes: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const { body } = await gql(
        `mutation ($input: LifeAccountPushInput!) { lifeAccountPush(input: $input) {
          push { id } userErrors { code } } }`,
        { input: { lifeAccountId: 'la-kfc-hangzhou', title: `疯狂星期四 ${i}`, body: 'V我50' } },
        'u-chen',
      );
      codes.push(body.data.lifeAccountPush.userErrors[0]?.code ?? 'OK');
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'PUSH_LIMIT_REACHED']);
    // Users, the owner too, are for signed-in callers.
    const { body } = await gql(
      `{ lifeAccount(id: "la-kfc-hangzhou") { merchant { name } owner { nickname } pushesThisWeek } }`,
      {},
      'u-wang',
    );
    expect(body.data.lifeAccount).toEqual({
      merchant: { name: '肯德基' },
      owner: { nickname: '陈静 Chen Jing' },
      pushesThisWeek: 3,
    });
  });

  it('counts a visitor a merchant brought in and shows the exposure owed to its owner alone', async () => {
    const query = `{ store(id: "store-heytea-in77") { merchant { name viewerIsOwner trafficPledge { uniqueVisitors exposureOwed } } } }`;
    // Merchant figures: for the merchant's owner, signed in with the merchant scope.
    const figures = () => gql(query, {}, 'owner-heytea');
    const before = (await figures()).body.data.store.merchant;
    expect(before).toEqual({
      name: '喜茶',
      viewerIsOwner: true,
      trafficPledge: { uniqueVisitors: 3, exposureOwed: 900 },
    });
    // Another merchant's owner, and a customer, read no figures.
    for (const reader of ['owner-kfc', 'u-wang']) {
      expect((await gql(query, {}, reader)).body).toEqual({
        data: { store: { merchant: { name: '喜茶', viewerIsOwner: false, trafficPledge: null } } },
      });
    }
    // A visit counts on the proof a real one leaves: the visitor's payment at the merchant.
    const placed = await gql(
      `mutation ($input: ShopOrderPlaceInput!) { shopOrderPlace(input: $input) {
        order { paymentRequest } userErrors { code } } }`,
      {
        input: {
          storeId: 'store-heytea-in77',
          lines: [{ productId: 'prod-heytea-grape-voucher', quantity: 1 }],
          idempotencyKey: 'visit-proof-order-1',
        },
      },
      'u-wang',
    );
    const paid = await gql(
      `mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) {
        payment { visitProof } userErrors { code } } }`,
      {
        input: {
          paymentRequest: placed.body.data.shopOrderPlace.order.paymentRequest,
          idempotencyKey: 'visit-proof-payment-1',
        },
      },
      'u-wang',
    );
    const { visitProof } = paid.body.data.paymentCreate.payment;
    const visit = (visitor = 'u-wang') =>
      gql(
        `mutation ($input: MerchantVisitRecordInput!) { merchantVisitRecord(input: $input) {
          counted userErrors { code } } }`,
        { input: { merchantId: 'm-heytea', visitProof } },
        visitor,
      );
    // A throwaway account cannot borrow the payer's proof.
    expect((await visit('u-throwaway-1')).body.data.merchantVisitRecord).toEqual({
      counted: null,
      userErrors: [{ code: 'VISIT_PROOF_NOT_YOURS' }],
    });
    expect((await visit()).body.data.merchantVisitRecord.counted).toBe(true);
    expect((await visit()).body.data.merchantVisitRecord.counted).toBe(false);
    expect((await figures()).body.data.store.merchant.trafficPledge).toEqual({
      uniqueVisitors: 4,
      exposureOwed: 1200,
    });
  });
});
