import { postToSubgraph } from '../support/contract';
import {
  bearer,
  HUBIN,
  postGraphQL,
  startGraph,
  type RunningGraph,
  type RunningSubgraph,
} from '../support/harness';

/** Among the generated stores of Binjiang, where 100 stores lie within a few kilometres. */
const BINJIANG = { lat: 30.2075, lng: 120.2105 };

/** The categories whose generated stores deliver; fashion, electronics, department stores and hotels do not. */
const DELIVERING = ['RESTAURANT', 'FAST_FOOD', 'CAFE', 'TEA', 'SUPERMARKET', 'CONVENIENCE'];

interface DailyHours {
  opensAt: string;
  closesAt: string;
}

interface GeneratedStore {
  id: string;
  name: string;
  category: string;
  menu: { id: string; nameEn: string; price: number; available: boolean }[];
  deliveryHours: DailyHours[];
  acceptsOrdersNow: boolean;
  delivery: { fee: number; kitchenOpen: boolean; opensAt: string | null } | null;
}

const MINUTES_A_DAY = 24 * 60;
/** Asia/Shanghai is UTC+8 all year. */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

const minutesOf = (hourMinute: string) =>
  Number(hourMinute.slice(0, 2)) * 60 + Number(hourMinute.slice(3, 5));
const shanghaiMinute = (at: Date) =>
  (Math.floor(at.getTime() / 60_000) + SHANGHAI_OFFSET_MINUTES) % MINUTES_A_DAY;
const shanghaiHourMinute = (at: Date) => {
  const minute = shanghaiMinute(at);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
};

/** Whether daily windows (closing past midnight when they close before they open) hold `at`. */
function isOpen(hours: readonly DailyHours[], at: Date): boolean {
  const now = shanghaiMinute(at);
  return hours.some(({ opensAt, closesAt }) => {
    const [opens, closes] = [minutesOf(opensAt), minutesOf(closesAt)];
    return opens < closes ? now >= opens && now < closes : now >= opens || now < closes;
  });
}

/** The next moment a window opens after `at`, in UTC ISO 8601 as the graph writes it. */
function nextOpening(hours: readonly DailyHours[], at: Date): string {
  const now = shanghaiMinute(at);
  const wait = Math.min(
    ...hours.map(
      ({ opensAt }) => (minutesOf(opensAt) - now + MINUTES_A_DAY) % MINUTES_A_DAY || MINUTES_A_DAY,
    ),
  );
  return new Date((Math.floor(at.getTime() / 60_000) + wait) * 60_000).toISOString();
}

describe('before and after a trip, through the gateway', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph?.close());

  it('plans a trip, checks in, orders food and sees the store accept it', async () => {
    // Before: the fast-food places of Hubin, with the walk, the menu, the delivery quote.
    const plan = await postGraphQL(
      graph.gatewayUrl,
      `query ($from: GeoPointInput!) {
        businessArea(id: "area-hubin") {
          nameEn
          stores(category: FAST_FOOD, first: 5) {
            edges { node {
              id name
              travel(from: $from) { distanceMeters walkingMinutes drivingMinutes }
              menu { id price available }
              delivery(to: $from) { fee etaMinutes }
              acceptsOrdersNow
              arrivalOffer { titleEn }
            } }
          }
        }
      }`,
      { from: HUBIN },
      bearer('demo'),
    );
    expect(plan.body.errors).toBeUndefined();
    const kfc = plan.body.data.businessArea.stores.edges[0].node;
    expect(kfc).toEqual({
      id: 'store-kfc-hubin',
      name: '肯德基(湖滨银泰店)',
      travel: { distanceMeters: 103, walkingMinutes: 2, drivingMinutes: 6 },
      menu: [
        { id: 'mi-kfc-bucket', price: 8900, available: true },
        { id: 'mi-kfc-zinger', price: 2350, available: true },
      ],
      delivery: { fee: 900, etaMinutes: 11 },
      acceptsOrdersNow: true,
      arrivalOffer: { titleEn: 'Arrival gift: ¥5 off ¥30' },
    });

    // After arriving: today's coupon.
    const arrival = await postGraphQL(
      graph.gatewayUrl,
      `mutation { storeArrive(input: { storeId: "store-kfc-hubin", at: { lat: 30.2568, lng: 120.1662 }, idempotencyKey: "gw-arrive-0001" }) {
        coupon { discount minimumSpend store { name } } newlyIssued userErrors { code }
      } }`,
      {},
      bearer('demo'),
    );
    expect(arrival.body.data.storeArrive).toEqual({
      coupon: { discount: 500, minimumSpend: 3000, store: { name: '肯德基(湖滨银泰店)' } },
      newlyIssued: true,
      userErrors: [],
    });

    // Order ahead: priced by food, the store's name from maps.
    const placed = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: FoodOrderPlaceInput!) {
        foodOrderPlace(input: $input) {
          order { id status total store { name } lines { menuItem { nameEn } quantity } }
          userErrors { code }
        }
      }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-zinger', quantity: 2 }],
          deliverTo: HUBIN,
          idempotencyKey: 'gw-order-0001',
        },
      },
      bearer('demo'),
    );
    expect(placed.body.errors).toBeUndefined();
    const order = placed.body.data.foodOrderPlace.order;
    expect(order).toEqual({
      id: expect.stringMatching(/^fo-/),
      status: 'PLACED',
      total: 2 * 2350 + 900,
      store: { name: '肯德基(湖滨银泰店)' },
      lines: [{ menuItem: { nameEn: 'Zinger Burger' }, quantity: 2 }],
    });

    // The store's staff accept it; a customer may not.
    const ACCEPT = `mutation ($id: ID!) { foodOrderAccept(input: { orderId: $id }) {
      order { status } userErrors { code } } }`;
    const byCustomer = await postGraphQL(
      graph.gatewayUrl,
      ACCEPT,
      { id: order.id },
      bearer('demo'),
    );
    expect(byCustomer.body.data.foodOrderAccept).toEqual({
      order: null,
      userErrors: [{ code: 'NOT_PERMITTED' }],
    });
    const byStaff = await postGraphQL(
      graph.gatewayUrl,
      ACCEPT,
      { id: order.id },
      bearer('staff-kfc-hubin'),
    );
    expect(byStaff.body.data.foodOrderAccept).toEqual({
      order: { status: 'ACCEPTED' },
      userErrors: [],
    });

    // The customer sees it on top of their orders, with its history.
    const mine = await postGraphQL(
      graph.gatewayUrl,
      `{ me { foodOrders(first: 1) { edges { node { id status history { status by } } } } } }`,
      {},
      bearer('demo'),
    );
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.me.foodOrders.edges).toEqual([
      {
        node: {
          id: order.id,
          status: 'ACCEPTED',
          history: [
            { status: 'PLACED', by: 'CUSTOMER' },
            { status: 'ACCEPTED', by: 'STORE_STAFF' },
          ],
        },
      },
    ]);
  });

  it('orders from a generated store near Binjiang: search, menu, quote, order, payment', async () => {
    const before = new Date();
    const nearby = await postGraphQL(
      graph.gatewayUrl,
      `query ($near: GeoPointInput!) {
        nearbyStores(near: $near, first: 50) {
          edges { node {
            id name category
            menu { id nameEn price available }
            deliveryHours { opensAt closesAt }
            acceptsOrdersNow
            delivery(to: $near) { fee etaMinutes distanceMeters kitchenOpen opensAt }
          } }
        }
      }`,
      { near: BINJIANG },
      bearer('demo'),
    );
    const after = new Date();
    expect(nearby.body.errors).toBeUndefined();
    const stores: GeneratedStore[] = nearby.body.data.nearbyStores.edges.map(
      (edge: { node: GeneratedStore }) => edge.node,
    );
    expect(stores.every((store) => store.id.startsWith('store-hz-'))).toBe(true);

    // Every store that sells food has a menu and hours; the others deliver nothing.
    const selling = stores.filter((store) => DELIVERING.includes(store.category));
    expect(selling.length).toBeGreaterThan(30);
    for (const store of selling) {
      expect(store.menu.length).toBeGreaterThanOrEqual(3);
      expect(store.deliveryHours.length).toBeGreaterThan(0);
    }
    for (const store of stores.filter((s) => !DELIVERING.includes(s.category)))
      expect(store).toMatchObject({ menu: [], deliveryHours: [], delivery: null });

    // Each quote says whether the kitchen is open by the store's hours, and when a closed one opens.
    const quoted = selling.filter((store) => store.delivery !== null);
    expect(quoted.length).toBeGreaterThan(30);
    for (const store of quoted) {
      const expected = [before, after].map((at) => ({
        kitchenOpen: isOpen(store.deliveryHours, at),
        opensAt: isOpen(store.deliveryHours, at) ? null : nextOpening(store.deliveryHours, at),
      }));
      const { kitchenOpen, opensAt } = store.delivery!;
      expect(expected).toContainEqual({ kitchenOpen, opensAt });
      expect(store.acceptsOrdersNow).toBe(kitchenOpen);
    }
    // Round-the-clock shops, kitchens open from 17:00 and cafés that close at 17:00 are all
    // here: whatever the hour, one is open and one is closed.
    const open = quoted.find(
      (store) => store.delivery!.kitchenOpen && store.menu.some((item) => item.available),
    );
    const closed = quoted.find((store) => !store.delivery!.kitchenOpen);
    expect(open).toBeDefined();
    expect(closed).toBeDefined();

    // The open one takes the order, priced by food, named by maps, paid in the wallet.
    const item = open!.menu.find((i) => i.available)!;
    const placed = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: FoodOrderPlaceInput!) {
        foodOrderPlace(input: $input) {
          order { id status subtotal deliveryFee total paymentRequest store { id name }
            lines { menuItem { id nameEn } quantity unitPrice } }
          userErrors { code }
        }
      }`,
      {
        input: {
          storeId: open!.id,
          lines: [{ menuItemId: item.id, quantity: 2 }],
          deliverTo: BINJIANG,
          idempotencyKey: 'gw-generated-order-1',
        },
      },
      bearer('demo'),
    );
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data.foodOrderPlace.userErrors).toEqual([]);
    const order = placed.body.data.foodOrderPlace.order;
    expect(order).toMatchObject({
      status: 'PLACED',
      subtotal: 2 * item.price,
      deliveryFee: open!.delivery!.fee,
      total: 2 * item.price + open!.delivery!.fee,
      store: { id: open!.id, name: open!.name },
      lines: [
        { menuItem: { id: item.id, nameEn: item.nameEn }, quantity: 2, unitPrice: item.price },
      ],
    });
    const paid = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: PaymentCreateInput!) {
        paymentCreate(input: $input) { payment { orderRef amount status } userErrors { code } }
      }`,
      { input: { paymentRequest: order.paymentRequest, idempotencyKey: 'gw-generated-pay-1' } },
      bearer('demo'),
    );
    expect(paid.body.data.paymentCreate).toEqual({
      payment: { orderRef: `food:${order.id}`, amount: order.total, status: 'SUCCEEDED' },
      userErrors: [],
    });

    // The closed one refuses it, saying when it opens.
    const refused = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: FoodOrderPlaceInput!) {
        foodOrderPlace(input: $input) { order { id } userErrors { code message } }
      }`,
      {
        input: {
          storeId: closed!.id,
          lines: [{ menuItemId: closed!.menu[0]!.id, quantity: 1 }],
          deliverTo: BINJIANG,
          idempotencyKey: 'gw-generated-order-2',
        },
      },
      bearer('demo'),
    );
    expect(refused.body.data.foodOrderPlace).toEqual({
      order: null,
      userErrors: [
        {
          code: 'STORE_CLOSED',
          message: expect.stringContaining(
            `opens at ${shanghaiHourMinute(new Date(closed!.delivery!.opensAt!))}`,
          ),
        },
      ],
    });
  });

  it('refuses an anonymous order with UNAUTHENTICATED and no internals', async () => {
    const { body, raw } = await postGraphQL(
      graph.gatewayUrl,
      `mutation { foodOrderPlace(input: { storeId: "store-kfc-hubin",
        lines: [{ menuItemId: "mi-kfc-zinger", quantity: 1 }],
        deliverTo: { lat: 30.2575, lng: 120.1655 }, idempotencyKey: "gw-anon-0001" }) { order { id } } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(raw).not.toMatch(/stacktrace|\.ts:\d+|SELECT /);
  });

  describe('costs one statement per field, whatever the number of stores', () => {
    const sizes = [10, 100] as const;

    async function statements(
      subgraph: RunningSubgraph,
      query: string,
      variables: Record<string, unknown>,
      viewerId?: string,
    ): Promise<number> {
      const before = subgraph.db.roundTrips;
      const result = await postToSubgraph(subgraph, query, variables, viewerId);
      expect(result.errors).toBeUndefined();
      return subgraph.db.roundTrips - before;
    }

    async function storeIds(n: number): Promise<{ id: string; lat: number; lng: number }[]> {
      return graph.subgraphs.maps.db.query('SELECT id, lat, lng FROM stores ORDER BY id LIMIT $1', [
        n,
      ]);
    }

    it.each([
      ['Store.menu', 'food', 'menu { id price }'],
      ['Store.delivery(to:)', 'food', 'delivery(to: { lat: 30.2075, lng: 120.2105 }) { fee }'],
      ['Store.travel', 'maps', 'travel(from: { lat: 30.2075, lng: 120.2105 }) { walkingMinutes }'],
    ] as const)('%s', async (_, name, selection) => {
      const costs = [];
      for (const n of sizes) {
        const representations = (await storeIds(n)).map((s) => ({
          __typename: 'Store',
          id: s.id,
          location: { lat: s.lat, lng: s.lng },
        }));
        costs.push(
          await statements(
            graph.subgraphs[name],
            `query ($representations: [_Any!]!) {
              _entities(representations: $representations) { ... on Store { ${selection} } }
            }`,
            { representations },
          ),
        );
      }
      // For travel, the one statement is the store's own reference: the estimate is arithmetic.
      expect(costs).toEqual([1, 1]);
    });

    it('User.foodOrders', async () => {
      const costs = [];
      for (const n of sizes) {
        const representations = [
          { __typename: 'User', id: 'demo' },
          ...Array.from({ length: n - 1 }, (_, i) => ({ __typename: 'User', id: `user-${i}` })),
        ];
        costs.push(
          await statements(
            graph.subgraphs.food,
            `query ($representations: [_Any!]!) {
              _entities(representations: $representations) {
                ... on User { foodOrders(first: 5) { edges { node { id } } } }
              }
            }`,
            { representations },
            'demo',
          ),
        );
      }
      expect(costs).toEqual([1, 1]);
    });

    it('a page of nearby stores with menus, delivery quotes and travel through the gateway', async () => {
      const NEARBY = `query ($near: GeoPointInput!, $first: Int) {
        nearbyStores(near: $near, radiusMeters: 20000, first: $first) {
          edges { node {
            id
            travel(from: $near) { walkingMinutes }
            menu { id }
            delivery(to: $near) { fee }
          } }
        }
      }`;
      const costs = [];
      for (const n of sizes) {
        const before = {
          maps: graph.subgraphs.maps.db.roundTrips,
          food: graph.subgraphs.food.db.roundTrips,
        };
        const { body } = await postGraphQL(graph.gatewayUrl, NEARBY, { near: BINJIANG, first: n });
        expect(body.errors).toBeUndefined();
        expect(body.data.nearbyStores.edges).toHaveLength(n);
        costs.push({
          maps: graph.subgraphs.maps.db.roundTrips - before.maps,
          food: graph.subgraphs.food.db.roundTrips - before.food,
        });
      }
      // maps: the search itself (travel needs nothing more); food: menus and kitchens.
      expect(costs).toEqual([
        { maps: 1, food: 2 },
        { maps: 1, food: 2 },
      ]);
    });
  });
});
