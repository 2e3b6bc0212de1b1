/**
 * Bad input that gets past the gateway's edge, or is sent to a subgraph
 * directly as the gateway would, and reaches the database: answered as
 * BAD_USER_INPUT or a userError by every subgraph, with no error-level log
 * line, on PGlite and on PostgreSQL. Coordinates at the edge of a double
 * reach the geo arithmetic as numbers it can take.
 */
import { SUBGRAPH_NAMES, type SubgraphName } from '../../../lib/config';
import {
  HUBIN,
  postGraphQL,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  storageModes,
  TEST_VIEWER_HEADER as VIEWER_HEADER,
  type RunningGateway,
  type RunningSubgraph,
} from '../../support/harness';
import { expectLedgerBalanced } from '../../support/ledger';
import { capturedLog } from '../../support/logs';
import { PRODUCTION_ENV, productionBearer } from '../../support/production';

const ERROR_LEVEL = 50;

/** A lookup by id in each subgraph, the id sent as a variable. */
const LOOKUPS: Record<SubgraphName, { query: string; viewerId?: string }> = {
  payments: { query: 'query ($id: ID!) { user(id: $id) { id } }', viewerId: 'demo' },
  maps: { query: 'query ($id: ID!) { store(id: $id) { id } }' },
  food: { query: 'query ($id: ID!) { foodOrder(id: $id) { id } }', viewerId: 'demo' },
  commerce: { query: 'query ($id: ID!) { product(id: $id) { id } }' },
  social: { query: 'query ($id: ID!) { topic(id: $id) { id } }' },
};

describe.each(storageModes())('input the database refuses, on %s', (storage) => {
  const { log, records } = capturedLog();
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let gateway: RunningGateway;
  const errorLines = () => records.filter((record) => record.level >= ERROR_LEVEL);

  beforeAll(async () => {
    subgraphs = await startSubgraphs(storage, () => ({ log }));
    gateway = await startGateway(subgraphs, {
      gatewayEnv: { ...PRODUCTION_ENV, HUTONG_PERSISTED_ONLY: 'false' },
      log,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await stopSubgraphs(subgraphs);
  });
  afterEach(() => expect(errorLines()).toEqual([]));

  it.each(SUBGRAPH_NAMES)(
    'answers a NUL byte that reaches the %s database as BAD_USER_INPUT',
    async (name) => {
      const { query, viewerId } = LOOKUPS[name];
      const { status, body } = await postGraphQL(
        subgraphs[name].url,
        query,
        { id: 'id-\u0000' },
        viewerId ? { [VIEWER_HEADER]: viewerId } : {},
      );
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'A text contains a character that cannot be stored',
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ]);
    },
  );

  it('refuses a payment by a user without a wallet as a userError, with nothing written', async () => {
    const walletless = productionBearer('u-no-wallet');
    const placed = await postGraphQL(
      gateway.gatewayUrl,
      `mutation ($input: FoodOrderPlaceInput!) { foodOrderPlace(input: $input) {
        order { id paymentRequest } userErrors { code } } }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          lines: [{ menuItemId: 'mi-kfc-bucket', quantity: 1 }],
          deliverTo: HUBIN,
          idempotencyKey: `no-wallet-order-${storage}`,
        },
      },
      walletless,
    );
    const order = placed.body.data.foodOrderPlace.order;
    const paid = await postGraphQL(
      gateway.gatewayUrl,
      `mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) {
        payment { id } userErrors { code message } } }`,
      {
        input: { paymentRequest: order.paymentRequest, idempotencyKey: `no-wallet-pay-${storage}` },
      },
      walletless,
    );
    expect(paid.status).toBe(200);
    expect(paid.body.errors).toBeUndefined();
    expect(paid.body.data.paymentCreate).toEqual({
      payment: null,
      userErrors: [{ code: 'REFERENCE_NOT_FOUND', message: expect.any(String) }],
    });
    const payments = subgraphs.payments.db;
    expect(
      await payments.query('SELECT id FROM payments WHERE order_ref = $1', [`food:${order.id}`]),
    ).toEqual([]);
    await expectLedgerBalanced(payments);
  });

  describe.each([
    ['5e-324', '5e-324'],
    ['-5e-324', '-5e-324'],
    ['1e-310', '1e-310'],
    ['1e-300', '1e-300'],
    ['-0', '-0.0'],
  ])('a coordinate of %s', (_, literal) => {
    const point = `{ lat: 30.2575, lng: ${literal} }`;
    const tiny = `{ lat: ${literal}, lng: 120.1655 }`;

    it.each([
      ['nearby search', `{ nearbyStores(near: ${point}) { edges { distanceMeters } } }`],
      ['nearby search by latitude', `{ nearbyStores(near: ${tiny}) { edges { distanceMeters } } }`],
      [
        'a trip and a delivery quote',
        `{ store(id: "store-kfc-hubin") { travel(from: ${point}) { distanceMeters }
           delivery(to: ${tiny}) { fee } } }`,
      ],
    ])('is answered in %s', async (_, query) => {
      const { status, body } = await postGraphQL(gateway.gatewayUrl, query);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    });

    it('is answered when ordering food to it', async () => {
      const { body } = await postGraphQL(
        gateway.gatewayUrl,
        `mutation { foodOrderPlace(input: { storeId: "store-kfc-hubin", deliverTo: ${point},
          lines: [{ menuItemId: "mi-kfc-bucket", quantity: 1 }],
          idempotencyKey: "tiny-${storage}-${literal}" }) { order { id } userErrors { code } } }`,
        {},
        productionBearer('demo'),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.foodOrderPlace.userErrors).toEqual([{ code: 'OUT_OF_DELIVERY_RANGE' }]);
    });
  });
});
