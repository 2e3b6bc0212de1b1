/**
 * Orders picked up and eaten in, next to deliveries: what each store offers,
 * what each mode takes and costs, and the path each mode's orders move along.
 * On PGlite, and on PostgreSQL, where the database's own checks must hold too.
 */
import { food } from '../../../subgraphs/food/server';
import { postToSubgraph } from '../../support/contract';
import { foodMutation, foodOrderRows, whileKfcHubinClosed } from '../../support/food-orders';
import { HUBIN, startSubgraph, storageModes, type RunningSubgraph } from '../../support/harness';

const ORDER_FIELDS = `id status fulfilment tableNumber readyAt subtotal deliveryFee couponDiscount total
  placedAt deliverTo { lat lng } history { status by }`;

const PLACE = `mutation ($input: FoodOrderPlaceInput!) {
  foodOrderPlace(input: $input) { order { ${ORDER_FIELDS} } userErrors { code message field } }
}`;

const MINUTE = 60_000;
/** The lakeside KFC's kitchen: 8 minutes, never closed, all three modes. */
const KFC_PREP_MINUTES = 8;

let keySequence = 0;
const newKey = () => `fulfil-key-${String(++keySequence).padStart(4, '0')}`;

describe.each(storageModes())('orders picked up and eaten in, on %s', (storage) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(food, storage);
  });
  afterAll(async () => {
    await subgraph?.service.close();
    await subgraph?.db.close();
  });

  const query = (text: string, variables: Record<string, unknown> = {}, viewerId?: string) =>
    postToSubgraph(subgraph, text, variables, viewerId);

  const kfcOrder = (overrides: Record<string, unknown> = {}) => ({
    storeId: 'store-kfc-hubin',
    lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 2 }],
    idempotencyKey: newKey(),
    ...overrides,
  });

  const place = (input: Record<string, unknown>, viewerId = 'demo') =>
    foodMutation(subgraph, 'foodOrderPlace', PLACE, { input }, viewerId);

  const move = (name: string, orderId: string, viewerId = 'staff-kfc-hubin') =>
    foodMutation(
      subgraph,
      name,
      `mutation ($orderId: ID!) { ${name}(input: { orderId: $orderId }) {
        order { status tableNumber history { status by } } userErrors { code message } } }`,
      { orderId },
      viewerId,
    );

  const written = () => foodOrderRows(subgraph);

  /** Runs `work` with the lakeside KFC serving only `modes`, then restores all three. */
  async function withKfcModes(modes: string, work: () => Promise<void>) {
    await subgraph.db.query(
      `UPDATE restaurants SET offers_delivery = $1, offers_pickup = $2, offers_dine_in = $3
        WHERE store_id = 'store-kfc-hubin'`,
      ['DELIVERY', 'PICKUP', 'DINE_IN'].map((mode) => modes.includes(mode)),
    );
    try {
      await work();
    } finally {
      await subgraph.db.query(
        `UPDATE restaurants SET offers_delivery = true, offers_pickup = true, offers_dine_in = true
          WHERE store_id = 'store-kfc-hubin'`,
      );
    }
  }

  describe('what a store offers', () => {
    it('lists each store’s modes and how soon an order would be ready', async () => {
      const result = await query(
        `{ _entities(representations: [
            { __typename: "Store", id: "store-kfc-hubin" },
            { __typename: "Store", id: "store-louwailou-gushan" },
            { __typename: "Store", id: "store-mcdonalds-hefang" },
            { __typename: "Store", id: "store-luckin-yanan" },
            { __typename: "Store", id: "store-uniqlo-hubin" }
          ]) { ... on Store { fulfilmentModes readyInMinutes } } }`,
      );
      expect(result.errors).toBeUndefined();
      const [kfc, ...others] = result.data._entities;
      expect(kfc.fulfilmentModes).toEqual(['DELIVERY', 'PICKUP', 'DINE_IN']);
      // Preparation, and two minutes for each order waiting (the seed's accepted one at least).
      expect(kfc.readyInMinutes).toBeGreaterThanOrEqual(KFC_PREP_MINUTES + 2);
      expect(others).toEqual([
        { fulfilmentModes: ['DELIVERY', 'DINE_IN'], readyInMinutes: 25 },
        { fulfilmentModes: ['DELIVERY', 'PICKUP'], readyInMinutes: 8 },
        { fulfilmentModes: ['DELIVERY', 'PICKUP'], readyInMinutes: 5 },
        { fulfilmentModes: [], readyInMinutes: null },
      ]);
    });
  });

  describe('pickup', () => {
    it('charges no delivery fee, keeps no address, and is ready after preparation and queue', async () => {
      const before = Date.now();
      const payload = await place(kfcOrder({ fulfilment: 'PICKUP' }));
      expect(payload.userErrors).toEqual([]);
      expect(payload.order).toMatchObject({
        status: 'PLACED',
        fulfilment: 'PICKUP',
        tableNumber: null,
        subtotal: 4700,
        deliveryFee: 0,
        couponDiscount: 0,
        total: 4700,
        deliverTo: null,
        history: [{ status: 'PLACED', by: 'CUSTOMER' }],
      });
      const readyIn = Date.parse(payload.order.readyAt) - Date.parse(payload.order.placedAt);
      expect(readyIn).toBeGreaterThanOrEqual((KFC_PREP_MINUTES + 2) * MINUTE);
      expect(readyIn).toBeLessThanOrEqual((KFC_PREP_MINUTES + 20) * MINUTE);
      expect(Date.parse(payload.order.placedAt)).toBeGreaterThanOrEqual(before);
    });

    it('is ready at the time asked for, within the service', async () => {
      const pickupAt = new Date(Date.now() + 45 * MINUTE).toISOString();
      const payload = await place(kfcOrder({ fulfilment: 'PICKUP', pickupAt }));
      expect(payload.userErrors).toEqual([]);
      expect(payload.order.readyAt).toBe(pickupAt);
    });

    it('refuses a time sooner than the kitchen can have it ready, and writes nothing', async () => {
      const counts = await written();
      const payload = await place(
        kfcOrder({ fulfilment: 'PICKUP', pickupAt: new Date().toISOString() }),
      );
      expect(payload).toEqual({
        order: null,
        userErrors: [
          {
            code: 'PICKUP_TIME_UNAVAILABLE',
            message: expect.stringMatching(/^The order can be ready at \d\d:\d\d/),
            field: ['input', 'pickupAt'],
          },
        ],
      });
      expect(await written()).toEqual(counts);
    });

    it('moves PLACED → ACCEPTED → READY → COMPLETED, never through a rider', async () => {
      const { order } = await place(kfcOrder({ fulfilment: 'PICKUP' }));
      expect((await move('foodOrderAccept', order.id)).order.status).toBe('ACCEPTED');
      expect(await move('foodOrderDispatch', order.id)).toEqual({
        order: null,
        userErrors: [{ code: 'INVALID_TRANSITION', message: 'A PICKUP order is never dispatched' }],
      });
      expect((await move('foodOrderMarkReady', order.id)).order.status).toBe('READY');
      // The food waits at the counter: too late to call it off.
      expect((await move('foodOrderCancel', order.id, 'demo')).userErrors).toEqual([
        { code: 'INVALID_TRANSITION', message: 'An order that is READY cannot be cancelled' },
      ]);
      expect((await move('foodOrderComplete', order.id, 'demo')).userErrors[0].code).toBe(
        'NOT_PERMITTED',
      );
      const completed = await move('foodOrderComplete', order.id, 'staff-kfc-manager');
      expect(completed.order).toEqual({
        status: 'COMPLETED',
        tableNumber: null,
        history: [
          { status: 'PLACED', by: 'CUSTOMER' },
          { status: 'ACCEPTED', by: 'STORE_STAFF' },
          { status: 'READY', by: 'STORE_STAFF' },
          { status: 'COMPLETED', by: 'STORE_STAFF' },
        ],
      });
    });

    it('is cancelled by its customer until it is ready', async () => {
      const { order } = await place(kfcOrder({ fulfilment: 'PICKUP' }));
      await move('foodOrderAccept', order.id);
      expect((await move('foodOrderCancel', order.id, 'demo')).order.status).toBe('CANCELLED');
      expect((await move('foodOrderMarkReady', order.id)).userErrors[0].code).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('dine-in', () => {
    it('shows the store’s staff the table, charges no fee, and is served', async () => {
      const payload = await place(kfcOrder({ fulfilment: 'DINE_IN', tableNumber: 'A12' }));
      expect(payload.userErrors).toEqual([]);
      expect(payload.order).toMatchObject({
        fulfilment: 'DINE_IN',
        tableNumber: 'A12',
        deliveryFee: 0,
        total: 4700,
        deliverTo: null,
      });
      const seen = await query(
        'query ($id: ID!) { foodOrder(id: $id) { tableNumber fulfilment } }',
        { id: payload.order.id },
        'staff-kfc-hubin',
      );
      expect(seen.data.foodOrder).toEqual({ tableNumber: 'A12', fulfilment: 'DINE_IN' });
      await move('foodOrderAccept', payload.order.id);
      expect((await move('foodOrderDeliver', payload.order.id)).userErrors).toEqual([
        { code: 'INVALID_TRANSITION', message: 'A DINE_IN order is never delivered' },
      ]);
      await move('foodOrderMarkReady', payload.order.id);
      expect((await move('foodOrderComplete', payload.order.id)).order).toMatchObject({
        status: 'COMPLETED',
        tableNumber: 'A12',
      });
    });

    it('takes a 16-character label and refuses a 17-character one', async () => {
      expect(
        (await place(kfcOrder({ fulfilment: 'DINE_IN', tableNumber: 'T'.repeat(16) }))).userErrors,
      ).toEqual([]);
      const counts = await written();
      expect(
        (await place(kfcOrder({ fulfilment: 'DINE_IN', tableNumber: 'T'.repeat(17) }))).userErrors,
      ).toEqual([
        {
          code: 'INVALID_TABLE_NUMBER',
          message: 'A table number is 1 to 16 letters or digits',
          field: ['input', 'tableNumber'],
        },
      ]);
      expect(await written()).toEqual(counts);
    });

    it('is refused while the store is closed', async () => {
      await whileKfcHubinClosed(subgraph, async () => {
        const payload = await place(kfcOrder({ fulfilment: 'DINE_IN', tableNumber: '7' }));
        expect(payload.userErrors.map((e: { code: string }) => e.code)).toEqual(['STORE_CLOSED']);
      });
    });
  });

  describe('deliveries', () => {
    it('are never marked ready: they are dispatched', async () => {
      const { order } = await place(kfcOrder({ deliverTo: HUBIN }));
      expect(order).toMatchObject({ fulfilment: 'DELIVERY', deliveryFee: 900, total: 5600 });
      await move('foodOrderAccept', order.id);
      expect((await move('foodOrderMarkReady', order.id)).userErrors).toEqual([
        { code: 'INVALID_TRANSITION', message: 'A DELIVERY order is never marked ready' },
      ]);
    });
  });

  describe('modes a store does not offer', () => {
    it('refuses each with the modes the store does offer, and writes nothing', async () => {
      await withKfcModes('DELIVERY PICKUP', async () => {
        const counts = await written();
        expect(
          (await place(kfcOrder({ fulfilment: 'DINE_IN', tableNumber: 'A1' }))).userErrors,
        ).toEqual([
          {
            code: 'FULFILMENT_NOT_OFFERED',
            message: 'The store takes no DINE_IN orders; it offers DELIVERY and PICKUP',
            field: ['input', 'fulfilment'],
          },
        ]);
        expect(await written()).toEqual(counts);
        expect((await place(kfcOrder({ fulfilment: 'PICKUP' }))).userErrors).toEqual([]);
      });
      await withKfcModes('DINE_IN', async () => {
        const payload = await place(kfcOrder({ deliverTo: HUBIN }));
        expect(payload.userErrors).toEqual([
          expect.objectContaining({
            code: 'FULFILMENT_NOT_OFFERED',
            message: 'The store takes no DELIVERY orders; it offers DINE_IN',
          }),
        ]);
      });
    });
  });

  describe('fields that do not fit the mode', () => {
    it.each([
      ['a delivery without an address', {}, 'deliverTo'],
      ['a pickup order with an address', { fulfilment: 'PICKUP', deliverTo: HUBIN }, 'deliverTo'],
      ['a dine-in order without a table', { fulfilment: 'DINE_IN' }, 'tableNumber'],
      [
        'a dine-in order with a pickup time',
        { fulfilment: 'DINE_IN', tableNumber: 'A1', pickupAt: new Date().toISOString() },
        'pickupAt',
      ],
      ['a delivery with a table', { deliverTo: HUBIN, tableNumber: 'A1' }, 'tableNumber'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_, fields, argument) => {
      const counts = await written();
      const result = await query(PLACE, { input: kfcOrder(fields) }, 'demo');
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await written()).toEqual(counts);
    });
  });

  describe('idempotency keys', () => {
    it('bind the mode, the pickup time and the table', async () => {
      const pickupAt = new Date(Date.now() + 30 * MINUTE).toISOString();
      const input = kfcOrder({ fulfilment: 'PICKUP', pickupAt });
      const first = await query(PLACE, { input }, 'demo');
      expect(first.data.foodOrderPlace.userErrors).toEqual([]);
      const counts = await written();
      expect(await query(PLACE, { input }, 'demo')).toEqual(first);
      for (const other of [
        { ...input, pickupAt: new Date(Date.parse(pickupAt) + MINUTE).toISOString() },
        { ...input, pickupAt: undefined },
        { ...input, fulfilment: 'DINE_IN', pickupAt: undefined, tableNumber: 'A1' },
      ]) {
        const reused = await query(PLACE, { input: other }, 'demo');
        expect(reused.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'IDEMPOTENCY_KEY_REUSED',
        });
      }
      expect(await written()).toEqual(counts);
    });

    it('replay a delivery with its mode said or left to the default alike', async () => {
      const input = kfcOrder({ deliverTo: HUBIN });
      const first = await query(PLACE, { input }, 'demo');
      expect(await query(PLACE, { input: { ...input, fulfilment: 'DELIVERY' } }, 'demo')).toEqual(
        first,
      );
    });
  });

  describe('the database', () => {
    const insert = (
      id: string,
      fulfilment: string,
      status: string,
      fee: number,
      table: string | null,
    ) =>
      subgraph.db.query(
        `INSERT INTO food_orders (id, user_id, store_id, status, fulfilment, table_number, subtotal, delivery_fee, total)
         VALUES ($1, 'demo', 'store-kfc-hubin', $2, $3, $4, 2350, $5::bigint, 2350 + $5::bigint)`,
        [id, status, fulfilment, table, fee],
      );

    it('refuses a fee or an address off a delivery, a rider on a pickup, a table off dine-in', async () => {
      await expect(insert('fo-bad-1', 'PICKUP', 'PLACED', 900, null)).rejects.toThrow(
        /violates check constraint/,
      );
      await expect(insert('fo-bad-2', 'PICKUP', 'DELIVERING', 0, null)).rejects.toThrow(
        /violates check constraint/,
      );
      await expect(insert('fo-bad-3', 'DELIVERY', 'READY', 900, null)).rejects.toThrow(
        /violates check constraint/,
      );
      await expect(insert('fo-bad-4', 'DINE_IN', 'PLACED', 0, null)).rejects.toThrow(
        /violates check constraint/,
      );
      await expect(insert('fo-bad-5', 'PICKUP', 'PLACED', 0, 'A1')).rejects.toThrow(
        /violates check constraint/,
      );
      await expect(insert('fo-bad-6', 'DINE_IN', 'PLACED', 0, 'A-1')).rejects.toThrow(
        /violates check constraint/,
      );
      await insert('fo-good-1', 'DINE_IN', 'COMPLETED', 0, 'A1');
      await insert('fo-good-2', 'PICKUP', 'READY', 0, null);
    });
  });
});
