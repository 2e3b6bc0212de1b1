/**
 * An arrival counts only at the store: the device's location within
 * ARRIVAL_RADIUS_METERS of it. And one spot in a mall reaches many shop
 * fronts, so a user collects at most ARRIVAL_COUPONS_PER_DAY arrival coupons
 * a day across stores, however many arrivals race. On PGlite, and on
 * PostgreSQL where transactions really run at once.
 */
import {
  ARRIVAL_COUPONS_PER_DAY,
  ARRIVAL_RADIUS_METERS,
} from '../../../subgraphs/maps/data/arrivals';
import { maps } from '../../../subgraphs/maps/server';
import { EARTH_RADIUS_METERS } from '../../../subgraphs/maps/travel';
import { shanghaiDay } from '../../../subgraphs/kit/time';
import { postToSubgraph } from '../../support/contract';
import { startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';
import { STORE_POSITIONS } from '../../support/seeded-stores';

const ARRIVE = `mutation ($input: StoreArriveInput!) {
  storeArrive(input: $input) { coupon { id store { id } } newlyIssued retryAfter userErrors { code message field } }
}`;

/** Stores with an arrival offer, a few hundred metres apart around Hubin and Hefang. */
const OFFERING = [
  'store-kfc-hubin',
  'store-starbucks-in77',
  'store-heytea-in77',
  'store-uniqlo-hubin',
  'store-mcdonalds-hefang',
];

describe.each(storageModes())('arriving at a store, on %s', (storage) => {
  let subgraph: RunningSubgraph;
  const positions = new Map<string, { lat: number; lng: number }>();
  let keys = 0;
  beforeAll(async () => {
    subgraph = await startSubgraph(maps, storage);
    const rows = await subgraph.db.query<{ id: string; lat: number; lng: number }>(
      'SELECT id, lat, lng FROM stores WHERE id = ANY($1)',
      [OFFERING],
    );
    for (const row of rows) positions.set(row.id, { lat: row.lat, lng: row.lng });
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  /** `metres` due north of the store. */
  const northOf = (storeId: string, metres: number) => {
    const { lat, lng } = positions.get(storeId)!;
    return { lat: lat + (metres / EARTH_RADIUS_METERS) * (180 / Math.PI), lng };
  };
  const arrive = async (user: string, storeId: string, at = northOf(storeId, 0)) =>
    (
      await postToSubgraph(
        subgraph,
        ARRIVE,
        { input: { storeId, at, idempotencyKey: `arrive-${storage}-${++keys}` } },
        user,
      )
    ).data.storeArrive;
  const couponsOf = async (user: string) =>
    (
      await subgraph.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM arrival_coupons WHERE user_id = $1',
        [user],
      )
    )[0]!.n;

  it('has the seeded positions tests and benchmarks arrive from', async () => {
    const rows = await subgraph.db.query<{ id: string; lat: number; lng: number }>(
      'SELECT id, lat, lng FROM stores WHERE id = ANY($1)',
      [Object.keys(STORE_POSITIONS)],
    );
    expect(Object.fromEntries(rows.map(({ id, lat, lng }) => [id, { lat, lng }]))).toEqual(
      STORE_POSITIONS,
    );
  });

  it(`counts an arrival within ${ARRIVAL_RADIUS_METERS} m of the store, and refuses one a metre further`, async () => {
    const refused = await arrive(
      'u-outside',
      'store-kfc-hubin',
      northOf('store-kfc-hubin', ARRIVAL_RADIUS_METERS + 1),
    );
    expect(refused).toEqual({
      coupon: null,
      newlyIssued: false,
      retryAfter: null,
      userErrors: [
        {
          code: 'NOT_AT_STORE',
          message: `You are ${ARRIVAL_RADIUS_METERS + 1} m from KFC (Hubin Intime); an arrival counts within ${ARRIVAL_RADIUS_METERS} m of the store`,
          field: ['input', 'at'],
        },
      ],
    });
    expect(await couponsOf('u-outside')).toBe(0);

    const inside = await arrive(
      'u-outside',
      'store-kfc-hubin',
      northOf('store-kfc-hubin', ARRIVAL_RADIUS_METERS - 1),
    );
    expect(inside).toMatchObject({ newlyIssued: true, userErrors: [] });
  });

  it('takes no coupon from one spot for stores down the street', async () => {
    const spot = positions.get('store-kfc-hubin')!;
    const elsewhere = await Promise.all(
      OFFERING.slice(1).map((storeId) => arrive('u-one-spot', storeId, spot)),
    );
    expect(elsewhere.map((arrival) => arrival.userErrors[0]?.code)).toEqual(
      OFFERING.slice(1).map(() => 'NOT_AT_STORE'),
    );
    expect(await couponsOf('u-one-spot')).toBe(0);
  });

  it(`issues ${ARRIVAL_COUPONS_PER_DAY} arrival coupons a day, the last allowed, and refuses the next until tomorrow`, async () => {
    const allowed = OFFERING.slice(0, ARRIVAL_COUPONS_PER_DAY);
    for (const storeId of allowed) {
      expect(await arrive('u-touring', storeId)).toMatchObject({
        newlyIssued: true,
        retryAfter: null,
      });
    }
    const refused = await arrive('u-touring', OFFERING[ARRIVAL_COUPONS_PER_DAY]!);
    expect(refused).toMatchObject({
      coupon: null,
      retryAfter: shanghaiDay(new Date()).endsAt.toISOString(),
      userErrors: [expect.objectContaining({ code: 'ARRIVAL_LIMIT_REACHED' })],
    });
    // Today's coupons are still handed back where they were issued.
    expect(await arrive('u-touring', allowed[0]!)).toMatchObject({
      newlyIssued: false,
      coupon: { store: { id: allowed[0] } },
    });
    expect(await couponsOf('u-touring')).toBe(ARRIVAL_COUPONS_PER_DAY);

    // Yesterday's do not count against today.
    await subgraph.db.query(
      `UPDATE arrival_coupons SET arrival_day = arrival_day - 1,
              issued_at = issued_at - interval '1 day', valid_until = valid_until - interval '1 day'
        WHERE user_id = 'u-touring'`,
    );
    expect(await arrive('u-touring', OFFERING[ARRIVAL_COUPONS_PER_DAY]!)).toMatchObject({
      newlyIssued: true,
    });
  });

  it(`issues ${ARRIVAL_COUPONS_PER_DAY} coupons to arrivals at ${OFFERING.length} stores racing`, async () => {
    const results = await Promise.all(OFFERING.map((storeId) => arrive('u-racing', storeId)));
    expect(results.filter((result) => result.newlyIssued)).toHaveLength(ARRIVAL_COUPONS_PER_DAY);
    expect(
      results.filter((result) => result.userErrors[0]?.code === 'ARRIVAL_LIMIT_REACHED'),
    ).toHaveLength(OFFERING.length - ARRIVAL_COUPONS_PER_DAY);
    expect(await couponsOf('u-racing')).toBe(ARRIVAL_COUPONS_PER_DAY);
  });

  it('refuses a location off the globe as bad input', async () => {
    const { errors } = await postToSubgraph(
      subgraph,
      ARRIVE,
      {
        input: {
          storeId: 'store-kfc-hubin',
          at: { lat: 91, lng: 120 },
          idempotencyKey: `arrive-${storage}-off-globe`,
        },
      },
      'u-lost',
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
