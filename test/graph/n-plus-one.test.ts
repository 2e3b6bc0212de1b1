/**
 * No N+1 anywhere on the home screen: the home query over 10 stores and over
 * 100 costs the same subgraph fetches and the same SQL statements.
 */
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGraph,
  UNCACHED_GATEWAY_ENV,
  type RunningGraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');

/** The home query with a page of `n` stores within 50 km. */
const homeOver = (n: number) =>
  HOME.replace(
    'nearbyStores(near: { lat: $lat, lng: $lng }, first: 10)',
    `nearbyStores(near: { lat: $lat, lng: $lng }, radiusMeters: 50000, first: ${n})`,
  );

describe('the cost of the home query', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ gatewayEnv: UNCACHED_GATEWAY_ENV });
  });
  afterAll(() => graph.close());

  async function cost(n: number) {
    const before = Object.entries(graph.subgraphs).map(
      ([name, s]) => [name, s.requests(), s.db.roundTrips] as const,
    );
    const { body } = await postGraphQL(graph.gatewayUrl, homeOver(n), HUBIN, bearer('demo'));
    expect(body.errors).toBeUndefined();
    expect(body.data.nearbyStores.edges).toHaveLength(n);
    return Object.fromEntries(
      before.map(([name, requests, sql]) => [
        name,
        {
          fetches: graph.subgraphs[name as keyof typeof graph.subgraphs].requests() - requests,
          sql: graph.subgraphs[name as keyof typeof graph.subgraphs].db.roundTrips - sql,
        },
      ]),
    );
  }

  it('is the same over 10 stores and over 100', async () => {
    expect(homeOver(100)).not.toBe(HOME);
    const ten = await cost(10);
    const hundred = await cost(100);
    expect(hundred).toEqual(ten);
  });
});
