import type { SqlClient } from '../../../subgraphs/kit/database';
import { transitionOrder } from '../../../subgraphs/food/data/orders';
import { food } from '../../../subgraphs/food/server';
import { postToSubgraph } from '../../support/contract';
import { foodMutation, foodOrderRows, whileKfcHubinClosed } from '../../support/food-orders';
import { HUBIN, startSubgraph, type RunningSubgraph } from '../../support/harness';

const KFC_HUBIN = { lat: 30.2568, lng: 120.1662 };
/** Metres per degree of latitude on the sphere the delivery model measures on (R = 6,371 km). */
const METRES_PER_DEGREE = (6_371_000 * Math.PI) / 180;

const ORDER_FIELDS = `id status subtotal deliveryFee total placedAt deliverTo { lat lng }
  store { id }
  lines { menuItem { id } quantity unitPrice }
  history { status at by }`;

const PLACE = `mutation ($input: FoodOrderPlaceInput!) {
  foodOrderPlace(input: $input) { order { ${ORDER_FIELDS} } userErrors { code message field } }
}`;

const transitionMutation = (name: string) => `mutation ($orderId: ID!) {
  ${name}(input: { orderId: $orderId }) { order { id status history { status by } } userErrors { code message field } }
}`;

let keySequence = 0;
const newKey = () => `order-key-${String(++keySequence).padStart(4, '0')}`;

describe('food: placing orders and moving them through their states', () => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(food);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });

  const query = (text: string, variables: Record<string, unknown> = {}, viewerId?: string) =>
    postToSubgraph(subgraph, text, variables, viewerId);

  const kfcOrder = (overrides: Record<string, unknown> = {}) => ({
    storeId: 'store-kfc-hubin',
    lines: [
      { menuItemId: 'mi-kfc-bucket', quantity: 2 },
      { menuItemId: 'mi-kfc-zinger', quantity: 1 },
    ],
    deliverTo: HUBIN,
    idempotencyKey: newKey(),
    ...overrides,
  });

  const place = (input: Record<string, unknown>, viewerId = 'demo') =>
    foodMutation(subgraph, 'foodOrderPlace', PLACE, { input }, viewerId);

  async function placeKfcOrder(viewerId = 'demo'): Promise<string> {
    const payload = await place(kfcOrder(), viewerId);
    expect(payload.userErrors).toEqual([]);
    return payload.order.id;
  }

  const move = (name: string, orderId: string, viewerId: string) =>
    foodMutation(subgraph, name, transitionMutation(name), { orderId }, viewerId);

  const written = () => foodOrderRows(subgraph);

  describe('foodOrderPlace', () => {
    it('prices the order on the server and records its first status', async () => {
      const before = Date.now();
      const payload = await place(kfcOrder());
      expect(payload.userErrors).toEqual([]);
      // 2 × 89.00 + 23.50 = 201.50 yuan of food; 103 m away, so the 9 yuan base fee.
      expect(payload.order).toEqual({
        id: expect.stringMatching(/^fo-/),
        status: 'PLACED',
        subtotal: 20150,
        deliveryFee: 900,
        total: 21050,
        placedAt: expect.any(String),
        deliverTo: HUBIN,
        store: { id: 'store-kfc-hubin' },
        lines: [
          { menuItem: { id: 'mi-kfc-bucket' }, quantity: 2, unitPrice: 8900 },
          { menuItem: { id: 'mi-kfc-zinger' }, quantity: 1, unitPrice: 2350 },
        ],
        history: [{ status: 'PLACED', at: payload.order.placedAt, by: 'CUSTOMER' }],
      });
      expect(Date.parse(payload.order.placedAt)).toBeGreaterThanOrEqual(before);

      const mine = await query(
        `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
            ... on User { foodOrders(first: 1) { edges { node { id } } } } } }`,
        {},
        'demo',
      );
      expect(mine.data._entities[0].foodOrders.edges[0].node.id).toBe(payload.order.id);
    });

    it('charges a started kilometre past the first two', async () => {
      // 2.5 km north of the KFC: base 9 yuan + 1 yuan.
      const payload = await place(
        kfcOrder({
          deliverTo: { lat: KFC_HUBIN.lat + 2500 / METRES_PER_DEGREE, lng: KFC_HUBIN.lng },
          lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 1 }],
        }),
      );
      expect(payload.order).toMatchObject({ subtotal: 2350, deliveryFee: 1000, total: 3350 });
    });

    it('replays the first result for the same key and input, and writes nothing more', async () => {
      const input = kfcOrder();
      const first = await query(PLACE, { input }, 'demo');
      const counts = await written();
      const replay = await query(PLACE, { input }, 'demo');
      expect(replay).toEqual(first);
      expect(await written()).toEqual(counts);
    });

    it('refuses the same key with another input', async () => {
      const input = kfcOrder();
      await place(input);
      const counts = await written();
      const result = await query(
        PLACE,
        { input: { ...input, lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 3 }] } },
        'demo',
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
      expect(await written()).toEqual(counts);
    });

    it('keeps the keys of different users apart', async () => {
      const input = kfcOrder();
      const demo = await place(input, 'demo');
      const chen = await place(input, 'u-chen');
      expect(chen.order.id).not.toBe(demo.order.id);
    });

    it('refuses anonymous orders with UNAUTHENTICATED', async () => {
      const result = await query(PLACE, { input: kfcOrder() });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toEqual({ foodOrderPlace: null });
    });

    it('refuses a delivery point off the map with BAD_USER_INPUT', async () => {
      const counts = await written();
      const result = await query(
        PLACE,
        { input: kfcOrder({ deliverTo: { lat: 91, lng: 120 } }) },
        'demo',
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'deliverTo',
      });
      expect(await written()).toEqual(counts);
    });

    it('ignores a price the client tries to send', async () => {
      const result = await query(
        PLACE,
        {
          input: kfcOrder({
            lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 1, unitPrice: 1 }],
          }),
        },
        'demo',
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    type Case = [string, Record<string, unknown>, { code: string; field: string[] }[]];
    const cases: Case[] = [
      ['an empty order', { lines: [] }, [{ code: 'EMPTY_ORDER', field: ['input', 'lines'] }]],
      [
        'a quantity of 0 and one of 100',
        {
          lines: [
            { menuItemId: 'mi-kfc-bucket', quantity: 0 },
            { menuItemId: 'mi-kfc-zinger', quantity: 100 },
          ],
        },
        [
          { code: 'INVALID_QUANTITY', field: ['input', 'lines', '0', 'quantity'] },
          { code: 'INVALID_QUANTITY', field: ['input', 'lines', '1', 'quantity'] },
        ],
      ],
      [
        'an item on two lines',
        {
          lines: [
            { menuItemId: 'mi-kfc-zinger', quantity: 1 },
            { menuItemId: 'mi-kfc-zinger', quantity: 1 },
          ],
        },
        [{ code: 'DUPLICATE_LINE', field: ['input', 'lines', '1', 'menuItemId'] }],
      ],
      [
        "another store's item and an unknown one",
        {
          lines: [
            { menuItemId: 'mi-kfc-zinger', quantity: 1 },
            { menuItemId: 'mi-kfc-wulin-bucket', quantity: 1 },
            { menuItemId: 'mi-nothing', quantity: 1 },
          ],
        },
        [
          { code: 'ITEM_NOT_IN_STORE', field: ['input', 'lines', '1', 'menuItemId'] },
          { code: 'ITEM_NOT_IN_STORE', field: ['input', 'lines', '2', 'menuItemId'] },
        ],
      ],
      [
        'a store that takes no delivery orders',
        { storeId: 'store-uniqlo-hubin' },
        [{ code: 'STORE_NOT_DELIVERING', field: ['input', 'storeId'] }],
      ],
      [
        'an address 5,010 m away from a store delivering within 5,000 m',
        { deliverTo: { lat: KFC_HUBIN.lat + 5010 / METRES_PER_DEGREE, lng: KFC_HUBIN.lng } },
        [{ code: 'OUT_OF_DELIVERY_RANGE', field: ['input', 'deliverTo'] }],
      ],
    ];

    it.each(cases)('refuses %s with userErrors and writes nothing', async (_, input, errors) => {
      const counts = await written();
      const payload = await place(kfcOrder(input));
      expect(payload.order).toBeNull();
      expect(payload.userErrors).toEqual(
        errors.map((e) => ({ ...e, message: expect.any(String) })),
      );
      expect(await written()).toEqual(counts);
    });

    it('takes a quantity of 99 and an address 4,990 m away', async () => {
      const payload = await place(
        kfcOrder({
          lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 99 }],
          deliverTo: { lat: KFC_HUBIN.lat + 4990 / METRES_PER_DEGREE, lng: KFC_HUBIN.lng },
        }),
      );
      expect(payload.userErrors).toEqual([]);
      // 99 × 23.50; 4,990 m is three started kilometres past the first two.
      expect(payload.order).toMatchObject({ subtotal: 232650, deliveryFee: 1200 });
    });

    it('refuses an item that has run out', async () => {
      await subgraph.db.query(`UPDATE menu_items SET available = false WHERE id = 'mi-kfc-zinger'`);
      try {
        const counts = await written();
        const payload = await place(kfcOrder());
        expect(payload.userErrors).toEqual([
          {
            code: 'ITEM_UNAVAILABLE',
            message: '"mi-kfc-zinger" has run out',
            field: ['input', 'lines', '1', 'menuItemId'],
          },
        ]);
        expect(await written()).toEqual(counts);
      } finally {
        await subgraph.db.query(
          `UPDATE menu_items SET available = true WHERE id = 'mi-kfc-zinger'`,
        );
      }
    });

    it('refuses an order outside the delivery hours, and takes it again once open', async () => {
      // A window that opens an hour from now: the store is closed at this moment.
      await whileKfcHubinClosed(subgraph, async () => {
        const hours = await query(
          `{ _entities(representations: [{ __typename: "Store", id: "store-kfc-hubin",
                location: { lat: 30.2568, lng: 120.1662 } }]) {
              ... on Store { acceptsOrdersNow delivery(to: { lat: 30.2575, lng: 120.1655 }) {
                fee kitchenOpen opensAt } } } }`,
        );
        const [store] = hours.data._entities;
        expect(store.acceptsOrdersNow).toBe(false);
        // The quote says the kitchen is closed, and opens within the hour, to the minute.
        expect(store.delivery).toMatchObject({ kitchenOpen: false });
        const opensIn = new Date(store.delivery.opensAt).getTime() - Date.now();
        expect(opensIn).toBeGreaterThan(58 * 60_000);
        expect(opensIn).toBeLessThanOrEqual(60 * 60_000);
        const counts = await written();
        const payload = await place(
          kfcOrder({ lines: [{ menuItemId: 'mi-nothing', quantity: 1 }] }),
        );
        // Every broken rule at once, so the customer can fix them together.
        expect(payload.userErrors.map((e: { code: string }) => e.code)).toEqual([
          'STORE_CLOSED',
          'ITEM_NOT_IN_STORE',
        ]);
        expect(await written()).toEqual(counts);
      });
      expect((await place(kfcOrder())).userErrors).toEqual([]);
    });
  });

  describe('delivery hours', () => {
    it('shows each store its daily windows and whether it takes orders now', async () => {
      const result = await query(
        `{ _entities(representations: [
            { __typename: "Store", id: "store-louwailou-gushan" },
            { __typename: "Store", id: "store-kfc-hubin" },
            { __typename: "Store", id: "store-uniqlo-hubin" }
          ]) { ... on Store { deliveryHours { opensAt closesAt } acceptsOrdersNow } } }`,
      );
      expect(result.data._entities).toEqual([
        {
          deliveryHours: [
            { opensAt: '10:30', closesAt: '14:00' },
            { opensAt: '16:30', closesAt: '20:30' },
          ],
          acceptsOrdersNow: expect.any(Boolean),
        },
        { deliveryHours: [{ opensAt: '00:00', closesAt: '24:00' }], acceptsOrdersNow: true },
        { deliveryHours: [], acceptsOrdersNow: false },
      ]);
    });
  });

  describe('the order state machine', () => {
    const historyOf = async (orderId: string) =>
      subgraph.db.query<{ status: string; actor_role: string; actor_id: string }>(
        'SELECT status, actor_role, actor_id FROM food_order_history WHERE order_id = $1 ORDER BY at, status',
        [orderId],
      );

    it("goes PLACED → ACCEPTED → DELIVERING → DELIVERED at the store staff's hands", async () => {
      const orderId = await placeKfcOrder();
      const accepted = await move('foodOrderAccept', orderId, 'staff-kfc-hubin');
      expect(accepted).toEqual({
        order: {
          id: orderId,
          status: 'ACCEPTED',
          history: [
            { status: 'PLACED', by: 'CUSTOMER' },
            { status: 'ACCEPTED', by: 'STORE_STAFF' },
          ],
        },
        userErrors: [],
      });
      expect((await move('foodOrderDispatch', orderId, 'staff-kfc-hubin')).order.status).toBe(
        'DELIVERING',
      );
      // The manager works for both KFCs, this one included.
      const delivered = await move('foodOrderDeliver', orderId, 'staff-kfc-manager');
      expect(delivered.order.status).toBe('DELIVERED');

      const full = await query(
        `query ($id: ID!) { foodOrder(id: $id) { status history { status at by } } }`,
        { id: orderId },
        'demo',
      );
      const history = full.data.foodOrder.history;
      expect(history.map((h: { status: string }) => h.status)).toEqual([
        'PLACED',
        'ACCEPTED',
        'DELIVERING',
        'DELIVERED',
      ]);
      const times = history.map((h: { at: string }) => Date.parse(h.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(await historyOf(orderId)).toContainEqual({
        status: 'DELIVERED',
        actor_role: 'STORE_STAFF',
        actor_id: 'staff-kfc-manager',
      });
    });

    it('lets the customer cancel while PLACED and while ACCEPTED, and not once it is on its way', async () => {
      const placed = await placeKfcOrder();
      expect((await move('foodOrderCancel', placed, 'demo')).order.status).toBe('CANCELLED');

      const accepted = await placeKfcOrder();
      await move('foodOrderAccept', accepted, 'staff-kfc-hubin');
      expect((await move('foodOrderCancel', accepted, 'demo')).order.status).toBe('CANCELLED');

      const delivering = await placeKfcOrder();
      await move('foodOrderAccept', delivering, 'staff-kfc-hubin');
      await move('foodOrderDispatch', delivering, 'staff-kfc-hubin');
      const history = await historyOf(delivering);
      const refused = await move('foodOrderCancel', delivering, 'demo');
      expect(refused).toEqual({
        order: null,
        userErrors: [
          {
            code: 'INVALID_TRANSITION',
            message: 'An order that is DELIVERING cannot be cancelled',
            field: ['input', 'orderId'],
          },
        ],
      });
      expect(await historyOf(delivering)).toEqual(history);
    });

    it('refuses moves the machine forbids and writes nothing', async () => {
      const orderId = await placeKfcOrder();
      for (const name of ['foodOrderDispatch', 'foodOrderDeliver']) {
        expect((await move(name, orderId, 'staff-kfc-hubin')).userErrors[0].code).toBe(
          'INVALID_TRANSITION',
        );
      }
      await move('foodOrderAccept', orderId, 'staff-kfc-hubin');
      const again = await move('foodOrderAccept', orderId, 'staff-kfc-hubin');
      expect(again.userErrors[0]).toMatchObject({
        code: 'INVALID_TRANSITION',
        message: 'An order that is ACCEPTED cannot be accepted',
      });
      await move('foodOrderCancel', orderId, 'demo');
      for (const name of ['foodOrderAccept', 'foodOrderDispatch', 'foodOrderDeliver']) {
        expect((await move(name, orderId, 'staff-kfc-hubin')).userErrors[0].code).toBe(
          'INVALID_TRANSITION',
        );
      }
      expect((await move('foodOrderCancel', orderId, 'demo')).userErrors[0].code).toBe(
        'INVALID_TRANSITION',
      );
      expect((await historyOf(orderId)).map((h) => h.status)).toEqual([
        'PLACED',
        'ACCEPTED',
        'CANCELLED',
      ]);
    });

    it('keeps each move to its actor: staff of another store, the customer, strangers', async () => {
      const orderId = await placeKfcOrder();
      const counts = await written();
      const refusals = [
        // The Wulin KFC's staff cannot even see a Hubin order.
        ['foodOrderAccept', 'staff-kfc-wulin', 'ORDER_NOT_FOUND'],
        ['foodOrderAccept', 'demo', 'NOT_PERMITTED'],
        ['foodOrderCancel', 'staff-kfc-hubin', 'NOT_PERMITTED'],
        ['foodOrderCancel', 'u-chen', 'ORDER_NOT_FOUND'],
      ] as const;
      for (const [name, viewer, code] of refusals) {
        const payload = await move(name, orderId, viewer);
        expect({ viewer, payload }).toEqual({
          viewer,
          payload: {
            order: null,
            userErrors: [{ code, message: expect.any(String), field: ['input', 'orderId'] }],
          },
        });
      }
      expect(await written()).toEqual(counts);
      const missing = await move('foodOrderCancel', 'fo-nothing', 'demo');
      expect(missing.userErrors[0].code).toBe('ORDER_NOT_FOUND');
    });

    it('refuses an anonymous transition with UNAUTHENTICATED', async () => {
      const result = await query(transitionMutation('foodOrderCancel'), { orderId: 'fo-demo-1' });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('lets exactly one of two racing transitions win', async () => {
      // From ACCEPTED, dispatching and cancelling each rule the other out.
      for (let round = 0; round < 3; round++) {
        const orderId = await placeKfcOrder();
        await move('foodOrderAccept', orderId, 'staff-kfc-hubin');
        const [dispatch, cancel] = await Promise.all([
          move('foodOrderDispatch', orderId, 'staff-kfc-hubin'),
          move('foodOrderCancel', orderId, 'demo'),
        ]);
        const winners = [dispatch, cancel].filter((p) => p.userErrors.length === 0);
        expect(winners).toHaveLength(1);
        expect((await historyOf(orderId)).map((h) => h.status)).toEqual([
          'PLACED',
          'ACCEPTED',
          winners[0] === dispatch ? 'DELIVERING' : 'CANCELLED',
        ]);
      }
      const orderId = await placeKfcOrder();
      const accepts = await Promise.all(
        Array.from({ length: 5 }, () => move('foodOrderAccept', orderId, 'staff-kfc-hubin')),
      );
      expect(accepts.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
      expect(await historyOf(orderId)).toHaveLength(2);
    });

    it('writes nothing when the order changed between the check and the update', async () => {
      const orderId = await placeKfcOrder();
      // Another transaction cancels the order right after this one read it as PLACED.
      let reads = 0;
      const racing = (tx: SqlClient): SqlClient => ({
        exec: (sql) => tx.exec(sql),
        query: async <Row>(text: string, params?: readonly unknown[]) => {
          const rows = await tx.query<Row>(text, params);
          if (reads++ === 0) {
            await tx.query(`UPDATE food_orders SET status = 'CANCELLED' WHERE id = $1`, [orderId]);
          }
          return rows;
        },
      });
      await expect(
        subgraph.db.transaction((tx) =>
          transitionOrder(racing(tx), 'staff-kfc-hubin', orderId, 'ACCEPT', new Date()),
        ),
      ).rejects.toMatchObject({
        userErrors: [
          {
            code: 'INVALID_TRANSITION',
            message: 'The order changed while this request ran; it is no longer PLACED',
          },
        ],
      });
      const [order] = await subgraph.db.query('SELECT status FROM food_orders WHERE id = $1', [
        orderId,
      ]);
      expect(order).toEqual({ status: 'PLACED' });
      expect(await historyOf(orderId)).toHaveLength(1);
    });
  });

  describe('reading orders', () => {
    it('shows an order to its customer and its store staff, and to nobody else', async () => {
      const orderId = await placeKfcOrder('u-zhao');
      const read = (viewerId?: string) =>
        query(`query ($id: ID!) { foodOrder(id: $id) { id total } }`, { id: orderId }, viewerId);
      expect((await read('u-zhao')).data.foodOrder.id).toBe(orderId);
      expect((await read('staff-kfc-hubin')).data.foodOrder.id).toBe(orderId);
      expect((await read('staff-kfc-wulin')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await read('demo')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await read()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const entity = (viewerId: string) =>
        query(
          `query ($id: ID!) { _entities(representations: [{ __typename: "FoodOrder", id: $id }]) {
              ... on FoodOrder { id } } }`,
          { id: orderId },
          viewerId,
        );
      expect((await entity('u-zhao')).data._entities).toEqual([{ id: orderId }]);
      expect((await entity('demo')).data._entities).toEqual([null]);
    });

    it('pages through a user’s orders newest first, even orders placed in the same millisecond', async () => {
      await subgraph.db.query(
        `INSERT INTO food_orders (id, user_id, store_id, status, subtotal, delivery_fee, total, placed_at)
         VALUES ('fo-wang-a', 'u-wang', 'store-kfc-hubin', 'DELIVERED', 2350, 900, 3250, '2026-01-01T04:00:00.000100Z'),
                ('fo-wang-b', 'u-wang', 'store-kfc-hubin', 'DELIVERED', 2350, 900, 3250, '2026-01-01T04:00:00.000900Z'),
                ('fo-wang-c', 'u-wang', 'store-kfc-hubin', 'DELIVERED', 2350, 900, 3250, '2026-01-01T04:00:00.000500Z'),
                ('fo-wang-d', 'u-wang', 'store-kfc-hubin', 'CANCELLED', 2350, 900, 3250, '2025-12-31T04:00:00Z')`,
      );
      const ORDERS = `query ($after: String) { _entities(representations: [{ __typename: "User", id: "u-wang" }]) {
        ... on User { foodOrders(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`;
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await query(ORDERS, { after }, 'u-wang')).data._entities[0].foodOrders;
        ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(ids).toEqual(['fo-wang-b', 'fo-wang-c', 'fo-wang-a', 'fo-wang-d']);
    });

    it('hides a user’s orders from everyone else', async () => {
      const result = await query(
        `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
            ... on User { foodOrders { edges { node { id } } } } } }`,
        {},
        'u-chen',
      );
      expect(result.data._entities[0].foodOrders).toBeNull();
    });
  });
});
