import { createHash } from 'node:crypto';
import { openEmptyPglite } from '../../support/database-templates';
import { prepareDatabase } from '../../../subgraphs/kit/subgraph';
import { NEARBY_STORES_SQL, nearbyStoresParams } from '../../../subgraphs/maps/data/stores';
import { maps } from '../../../subgraphs/maps/server';
import { shanghaiDay } from '../../../subgraphs/kit/time';
import { postToSubgraph } from '../../support/contract';
import { HUBIN, startSubgraph, type RunningSubgraph } from '../../support/harness';

/** Binjiang's Xingguang Avenue, among the generated stores south of the river. */
const BINJIANG = { lat: 30.2075, lng: 120.2105 };

const NEARBY = `query ($near: GeoPointInput!, $radius: Int, $category: StoreCategory,
                      $area: ID, $first: Int, $after: String) {
  nearbyStores(near: $near, radiusMeters: $radius, category: $category,
               businessAreaId: $area, first: $first, after: $after) {
    edges { cursor distanceMeters node { id category businessArea { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ARRIVE = `mutation ($input: StoreArriveInput!) {
  storeArrive(input: $input) {
    coupon { id title titleEn discount minimumSpend arrivalDay issuedAt validUntil store { id } }
    newlyIssued
    userErrors { code message field }
  }
}`;

interface Edge {
  cursor: string;
  distanceMeters: number;
  node: { id: string; category: string; businessArea: { id: string } | null };
}

describe('maps: places, business areas, travel and arrival coupons', () => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(maps);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  const query = (text: string, variables: Record<string, unknown> = {}, viewerId?: string) =>
    postToSubgraph(subgraph, text, variables, viewerId);

  async function nearby(variables: Record<string, unknown>) {
    const result = await query(NEARBY, variables);
    expect(result.errors).toBeUndefined();
    return result.data.nearbyStores as {
      edges: Edge[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  /** Every edge of a search, page by page. */
  async function allPages(variables: Record<string, unknown>, pageSize: number) {
    const edges: Edge[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await nearby({ ...variables, first: pageSize, after });
      edges.push(...page.edges);
      if (!page.pageInfo.hasNextPage) return edges;
      after = page.pageInfo.endCursor;
    }
  }

  describe('the seed', () => {
    it('holds the hand-written lakeside stores and 2,000 generated ones around Hangzhou', async () => {
      const [counts] = await subgraph.db.query<{ generated: number; all: number }>(
        `SELECT count(*) FILTER (WHERE id LIKE 'store-hz-%') AS generated, count(*) AS all FROM stores`,
      );
      expect(counts).toEqual({ generated: 2000, all: 2023 });
      const [kfc] = await subgraph.db.query(
        `SELECT name, name_en, lat, lng, business_area_id, merchant_id FROM stores WHERE id = 'store-kfc-hubin'`,
      );
      expect(kfc).toEqual({
        name: '肯德基(湖滨银泰店)',
        name_en: 'KFC (Hubin Intime)',
        lat: 30.2568,
        lng: 120.1662,
        business_area_id: 'area-hubin',
        merchant_id: 'm-kfc',
      });
      const [bounds] = await subgraph.db.query<Record<string, number>>(
        `SELECT min(lat) AS min_lat, max(lat) AS max_lat, min(lng) AS min_lng, max(lng) AS max_lng,
                count(DISTINCT name) AS names, count(DISTINCT category) AS categories
           FROM stores WHERE id LIKE 'store-hz-%'`,
      );
      expect(bounds!.min_lat).toBeGreaterThan(30.1);
      expect(bounds!.max_lat).toBeLessThan(30.4);
      expect(bounds!.min_lng).toBeGreaterThan(119.95);
      expect(bounds!.max_lng).toBeLessThan(120.4);
      expect(bounds!.names).toBe(2000);
      expect(bounds!.categories).toBe(10);
    });

    it('generates the same stores on every run', async () => {
      const fingerprint = async (db: { query: typeof subgraph.db.query }) => {
        const rows = await db.query('SELECT * FROM stores ORDER BY id');
        const offers = await db.query('SELECT * FROM store_arrival_offers ORDER BY store_id');
        return createHash('sha256')
          .update(JSON.stringify([rows, offers]))
          .digest('hex');
      };
      const fresh = await openEmptyPglite('maps');
      try {
        await prepareDatabase(maps, fresh, true);
        expect(await fingerprint(fresh)).toBe(await fingerprint(subgraph.db));
      } finally {
        await fresh.close();
      }
    });

    it('keeps every store of an area within its radius', async () => {
      const outside = await subgraph.db.query(
        `SELECT s.id FROM stores s JOIN business_areas a ON a.id = s.business_area_id
          WHERE earth_distance(ll_to_earth(a.centre_lat, a.centre_lng), ll_to_earth(s.lat, s.lng)) > a.radius_m`,
      );
      expect(outside).toEqual([]);
    });
  });

  describe('nearby search', () => {
    it.each([
      [
        'the default search',
        { radiusMeters: 3000, category: null, businessAreaId: null, brandId: null },
      ],
      [
        'a small radius',
        { radiusMeters: 500, category: null, businessAreaId: null, brandId: null },
      ],
      ['a category', { radiusMeters: 3000, category: 'CAFE', businessAreaId: null, brandId: null }],
      [
        'the largest radius',
        { radiusMeters: 50_000, category: null, businessAreaId: null, brandId: null },
      ],
    ])('answers %s from the stores_location GiST index, not a scan', async (_, filters) => {
      const plan = (
        await subgraph.db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN ${NEARBY_STORES_SQL}`,
          nearbyStoresParams({ ...HUBIN, ...filters, first: 10, after: null }),
        )
      )
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index Scan on stores_location/);
      expect(plan).not.toMatch(/Seq Scan/);
    });

    it('answers a brand from an index, not a scan', async () => {
      const search = { radiusMeters: 3000, category: null, businessAreaId: null };
      const plan = (
        await subgraph.db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN ${NEARBY_STORES_SQL}`,
          nearbyStoresParams({ ...HUBIN, ...search, brandId: 'brand-kfc', first: 10, after: null }),
        )
      )
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index Scan (using stores_by_brand|on stores_location)/);
      expect(plan).not.toMatch(/Seq Scan/);
    });

    it('finds stores nearest first, all within the radius', async () => {
      const { edges, pageInfo } = await nearby({ near: BINJIANG, radius: 2000, first: 100 });
      const [{ within }] = (await subgraph.db.query<{ within: number }>(
        `SELECT count(*) AS within FROM stores
          WHERE earth_distance(ll_to_earth($1, $2), ll_to_earth(lat, lng)) <= 2000`,
        [BINJIANG.lat, BINJIANG.lng],
      )) as [{ within: number }];
      expect(within).toBeGreaterThan(100);
      expect(edges).toHaveLength(100);
      expect(pageInfo.hasNextPage).toBe(true);
      const distances = edges.map((e) => e.distanceMeters);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(Math.max(...distances)).toBeLessThanOrEqual(2000);
    });

    it('pages through a search without skipping or repeating a store', async () => {
      const variables = { near: BINJIANG, radius: 2500 };
      const whole = (await allPages(variables, 100)).map((e) => e.node.id);
      expect(whole.length).toBeGreaterThan(100);
      expect(new Set(whole).size).toBe(whole.length);
      const paged = (await allPages(variables, 7)).map((e) => e.node.id);
      expect(paged).toEqual(whole);
    });

    it('filters by category and by business area, alone and together', async () => {
      const cafes = await allPages({ near: BINJIANG, radius: 5000, category: 'CAFE' }, 100);
      expect(cafes.length).toBeGreaterThan(5);
      expect(cafes.every((e) => e.node.category === 'CAFE')).toBe(true);

      const inArea = await allPages({ near: BINJIANG, radius: 5000, area: 'area-binjiang' }, 100);
      const [{ count }] = (await subgraph.db.query<{ count: number }>(
        `SELECT count(*) FROM stores WHERE business_area_id = 'area-binjiang'`,
      )) as [{ count: number }];
      expect(inArea).toHaveLength(count);
      expect(inArea.every((e) => e.node.businessArea?.id === 'area-binjiang')).toBe(true);

      const both = await allPages(
        { near: BINJIANG, radius: 5000, category: 'CAFE', area: 'area-binjiang' },
        100,
      );
      expect(both.map((e) => e.node.id)).toEqual(
        inArea.filter((e) => e.node.category === 'CAFE').map((e) => e.node.id),
      );
    });

    it('takes radii of 1 m and 50 km, and refuses 0 and 50,001', async () => {
      expect((await nearby({ near: HUBIN, radius: 1 })).edges).toEqual([]);
      const widest = await nearby({ near: HUBIN, radius: 50_000, first: 100 });
      expect(widest.edges).toHaveLength(100);
      for (const radius of [0, 50_001, -5]) {
        const result = await query(NEARBY, { near: HUBIN, radius });
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          argument: 'radiusMeters',
        });
      }
    });

    it('takes pages of 1 to 100, serves a larger one as 100 and refuses 0', async () => {
      expect((await nearby({ near: HUBIN, first: 1 })).edges).toHaveLength(1);
      const larger = await nearby({ near: HUBIN, radius: 50_000, first: 101 });
      expect(larger.edges).toHaveLength(100);
      expect(larger.pageInfo.hasNextPage).toBe(true);
      for (const first of [0, -1]) {
        const result = await query(NEARBY, { near: HUBIN, first });
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          argument: 'first',
        });
      }
    });

    it('refuses a cursor it did not issue and an unknown business area', async () => {
      for (const after of ['bm9wZQ', Buffer.from('["x","y"]').toString('base64url'), '%%%']) {
        const result = await query(NEARBY, { near: HUBIN, after });
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          argument: 'after',
        });
      }
      const unknownArea = await query(NEARBY, { near: HUBIN, area: 'area-atlantis' });
      expect(unknownArea.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'businessAreaId',
      });
      expect(unknownArea.data).toEqual({ nearbyStores: null });
    });
  });

  describe('business areas', () => {
    const AREAS = `query ($first: Int, $after: String) {
      businessAreas(first: $first, after: $after) {
        edges { cursor node { id nameEn } }
        pageInfo { hasNextPage endCursor }
      }
    }`;

    it('lists every area by English name, page by page', async () => {
      const whole = (await query(AREAS, { first: 100 })).data.businessAreas;
      expect(whole.pageInfo.hasNextPage).toBe(false);
      const names = whole.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn);
      expect(names).toHaveLength(15);
      expect(names).toEqual([...names].sort());
      const paged: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await query(AREAS, { first: 4, after })).data.businessAreas;
        paged.push(...page.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(names);
    });

    it('fetches one area with its stores nearest its centre, and pages through them', async () => {
      const AREA = `query ($id: ID!, $first: Int, $after: String, $category: StoreCategory) {
        businessArea(id: $id) {
          id name nameEn centre { lat lng } radiusMeters
          stores(first: $first, after: $after, category: $category) {
            edges { distanceMeters node { id category businessArea { id } } }
            pageInfo { hasNextPage endCursor }
          }
        }
      }`;
      const first = (await query(AREA, { id: 'area-hubin', first: 100 })).data.businessArea;
      expect(first).toMatchObject({
        id: 'area-hubin',
        name: '湖滨商圈',
        nameEn: 'Hubin',
        centre: { lat: 30.2576, lng: 120.1658 },
        radiusMeters: 700,
      });
      const ids = first.stores.edges.map((e: Edge) => e.node.id);
      expect(ids).toHaveLength(11);
      expect(ids).toContain('store-kfc-hubin');
      const distances = first.stores.edges.map((e: Edge) => e.distanceMeters);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(Math.max(...distances)).toBeLessThanOrEqual(700);

      const paged: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await query(AREA, { id: 'area-hubin', first: 3, after })).data
          .businessArea.stores;
        paged.push(...page.edges.map((e: Edge) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(ids);

      const restaurants = (
        await query(AREA, { id: 'area-hubin', first: 100, category: 'RESTAURANT' })
      ).data.businessArea.stores.edges.map((e: Edge) => e.node.id);
      expect(restaurants).toEqual([
        'store-waipojia-hubin',
        'store-xinbailu-hubin',
        'store-zhiweiguan-renhe',
        'store-kuiyuanguan-jiefang',
      ]);
    });

    it('lists the stores of several areas in one statement', async () => {
      const before = subgraph.db.roundTrips;
      const result = await query(
        `{ businessAreas(first: 100) { edges { node { stores(first: 2) { edges { node { id } } } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(subgraph.db.roundTrips - before).toBe(2);
    });

    it('answers an unknown area with NOT_FOUND', async () => {
      const result = await query('{ businessArea(id: "area-atlantis") { id } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('travel estimates', () => {
    const TRAVEL = `query ($id: ID!, $from: GeoPointInput!) {
      store(id: $id) { travel(from: $from) { distanceMeters walkingMinutes drivingMinutes } }
    }`;

    it('takes no time from the store itself', async () => {
      const result = await query(TRAVEL, {
        id: 'store-kfc-hubin',
        from: { lat: 30.2568, lng: 120.1662 },
      });
      expect(result.data.store.travel).toEqual({
        distanceMeters: 0,
        walkingMinutes: 0,
        drivingMinutes: 0,
      });
    });

    it('walks from the Hubin shore to Louwailou in 35 minutes and drives there in 12', async () => {
      const result = await query(TRAVEL, { id: 'store-louwailou-gushan', from: HUBIN });
      // 2,110 m; a 2,743 m route: 35 minutes at 80 m a minute, 7 + 5 to park by car.
      expect(result.data.store.travel).toEqual({
        distanceMeters: 2110,
        walkingMinutes: 35,
        drivingMinutes: 12,
      });
    });

    it('gives the same distance as nearby search', async () => {
      const result = await query(
        `query ($near: GeoPointInput!) {
          nearbyStores(near: $near, radiusMeters: 3000, first: 100) {
            edges { distanceMeters node { travel(from: $near) { distanceMeters } } }
          }
        }`,
        { near: BINJIANG },
      );
      for (const edge of result.data.nearbyStores.edges) {
        expect(edge.node.travel.distanceMeters).toBe(edge.distanceMeters);
      }
    });

    it('refuses a starting point off the map', async () => {
      const result = await query(TRAVEL, { id: 'store-kfc-hubin', from: { lat: 91, lng: 120 } });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'from',
      });
    });
  });

  describe('arrival coupons', () => {
    /** Where each store is: an arrival is made standing there. */
    const positions = new Map<string, { lat: number; lng: number }>();
    const atStore = (storeId: string) => positions.get(storeId) ?? HUBIN;
    beforeAll(async () => {
      const rows = await subgraph.db.query<{ id: string; lat: number; lng: number }>(
        'SELECT id, lat, lng FROM stores',
      );
      for (const row of rows) positions.set(row.id, { lat: row.lat, lng: row.lng });
    });

    const couponCount = async (userId: string) =>
      (
        await subgraph.db.query<{ n: number }>(
          'SELECT count(*) AS n FROM arrival_coupons WHERE user_id = $1',
          [userId],
        )
      )[0]!.n;

    it('shows a store its arrival offer before the trip', async () => {
      const result = await query(
        `{ store(id: "store-kfc-hubin") { arrivalOffer { title titleEn discount minimumSpend } }
           other: store(id: "store-waipojia-hubin") { arrivalOffer { title } } }`,
      );
      expect(result.data).toEqual({
        store: {
          arrivalOffer: {
            title: '到店礼·满30减5',
            titleEn: 'Arrival gift: ¥5 off ¥30',
            discount: 500,
            minimumSpend: 3000,
          },
        },
        other: { arrivalOffer: null },
      });
    });

    it('refuses an anonymous arrival with UNAUTHENTICATED', async () => {
      const result = await query(ARRIVE, {
        input: {
          storeId: 'store-kfc-hubin',
          at: atStore('store-kfc-hubin'),
          idempotencyKey: 'arrive-anon-0001',
        },
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toEqual({ storeArrive: null });
    });

    it('issues the coupon on the first arrival of the day, and hands the same one back after', async () => {
      const before = Date.now();
      const first = await query(
        ARRIVE,
        {
          input: {
            storeId: 'store-kfc-hubin',
            at: atStore('store-kfc-hubin'),
            idempotencyKey: 'arrive-chen-0001',
          },
        },
        'u-chen',
      );
      const today = shanghaiDay(new Date(before));
      expect(first.data.storeArrive).toEqual({
        coupon: {
          id: expect.stringMatching(/^ac-/),
          title: '到店礼·满30减5',
          titleEn: 'Arrival gift: ¥5 off ¥30',
          discount: 500,
          minimumSpend: 3000,
          arrivalDay: today.date,
          issuedAt: expect.any(String),
          validUntil: today.endsAt.toISOString(),
          store: { id: 'store-kfc-hubin' },
        },
        newlyIssued: true,
        userErrors: [],
      });
      expect(Date.parse(first.data.storeArrive.coupon.issuedAt)).toBeGreaterThanOrEqual(before);

      const again = await query(
        ARRIVE,
        {
          input: {
            storeId: 'store-kfc-hubin',
            at: atStore('store-kfc-hubin'),
            idempotencyKey: 'arrive-chen-0002',
          },
        },
        'u-chen',
      );
      expect(again.data.storeArrive).toEqual({ ...first.data.storeArrive, newlyIssued: false });
      expect(await couponCount('u-chen')).toBe(1);
    });

    it('replays the first answer for the same key, and refuses the key with another store', async () => {
      const input = {
        storeId: 'store-starbucks-in77',
        at: atStore('store-starbucks-in77'),
        idempotencyKey: 'arrive-wang-0001',
      };
      const first = await query(ARRIVE, { input }, 'u-wang');
      const replay = await query(ARRIVE, { input }, 'u-wang');
      expect(replay).toEqual(first);
      expect(first.data.storeArrive.newlyIssued).toBe(true);
      const reused = await query(
        ARRIVE,
        { input: { ...input, storeId: 'store-heytea-in77' } },
        'u-wang',
      );
      expect(reused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
      expect(await couponCount('u-wang')).toBe(1);
    });

    it('gives each user their own coupon, and issues again on a new day', async () => {
      const input = (key: string) => ({
        input: {
          storeId: 'store-heytea-in77',
          at: atStore('store-heytea-in77'),
          idempotencyKey: key,
        },
      });
      const zhao = await query(ARRIVE, input('arrive-zhao-0001'), 'u-zhao');
      const lin = await query(ARRIVE, input('arrive-lin-00001'), 'u-lin');
      expect(lin.data.storeArrive.newlyIssued).toBe(true);
      expect(lin.data.storeArrive.coupon.id).not.toBe(zhao.data.storeArrive.coupon.id);

      // Yesterday's coupon does not count against today.
      await subgraph.db.query(
        `UPDATE arrival_coupons SET arrival_day = arrival_day - 1,
                issued_at = issued_at - interval '1 day', valid_until = valid_until - interval '1 day'
          WHERE user_id = 'u-zhao'`,
      );
      const nextDay = await query(ARRIVE, input('arrive-zhao-0002'), 'u-zhao');
      expect(nextDay.data.storeArrive.newlyIssued).toBe(true);
      expect(nextDay.data.storeArrive.coupon.id).not.toBe(zhao.data.storeArrive.coupon.id);
      expect(await couponCount('u-zhao')).toBe(2);
    });

    it('issues one coupon to arrivals racing each other', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          query(
            ARRIVE,
            {
              input: {
                storeId: 'store-uniqlo-hubin',
                at: atStore('store-uniqlo-hubin'),
                idempotencyKey: `arrive-race-000${i}`,
              },
            },
            'u-race',
          ),
        ),
      );
      const ids = new Set(results.map((r) => r.data.storeArrive.coupon.id));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => r.data.storeArrive.newlyIssued)).toHaveLength(1);
      expect(await couponCount('u-race')).toBe(1);
    });

    it('answers an unknown store with a userError and writes nothing', async () => {
      const keysBefore = await subgraph.db.query('SELECT * FROM idempotency_keys');
      const result = await query(
        ARRIVE,
        {
          input: {
            storeId: 'store-atlantis',
            at: atStore('store-atlantis'),
            idempotencyKey: 'arrive-lost-0001',
          },
        },
        'u-lost',
      );
      expect(result.data.storeArrive).toEqual({
        coupon: null,
        newlyIssued: false,
        userErrors: [
          {
            code: 'STORE_NOT_FOUND',
            message: 'Store "store-atlantis" was not found',
            field: ['input', 'storeId'],
          },
        ],
      });
      expect(await couponCount('u-lost')).toBe(0);
      expect(await subgraph.db.query('SELECT * FROM idempotency_keys')).toEqual(keysBefore);
    });

    it('issues nothing at a store without an arrival offer', async () => {
      const result = await query(
        ARRIVE,
        {
          input: {
            storeId: 'store-waipojia-hubin',
            at: atStore('store-waipojia-hubin'),
            idempotencyKey: 'arrive-none-0001',
          },
        },
        'u-none',
      );
      expect(result.data.storeArrive).toEqual({ coupon: null, newlyIssued: false, userErrors: [] });
      expect(await couponCount('u-none')).toBe(0);
    });

    it('refuses a key too short to be unique', async () => {
      const result = await query(
        ARRIVE,
        {
          input: {
            storeId: 'store-kfc-hubin',
            at: atStore('store-kfc-hubin'),
            idempotencyKey: 'short',
          },
        },
        'u-short',
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await couponCount('u-short')).toBe(0);
    });
  });
});
