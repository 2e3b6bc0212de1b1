/**
 * The home screen never goes blank: with any one of the five subgraphs down,
 * hanging or answering garbage, the home query answers 200 with every other
 * subgraph's fields and one masked error naming the missing part.
 */
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { startFaultySubgraph, type FaultMode, type FaultySubgraph } from '../support/faults';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningGateway,
  type RunningSubgraph,
  UNCACHED_GATEWAY_ENV,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');

/**
 * The parts each outage may take with it: food's fields in the home query are
 * the delivery quotes of the stores maps lists, so without maps there is
 * nothing for food to quote.
 */
const DEPENDS_ON: Partial<Record<SubgraphName, SubgraphName[]>> = { maps: ['food'] };

/** Which subgraphs' fields a home-query answer holds. */
function partsPresent(data: any): SubgraphName[] {
  const nodes: any[] = data?.nearbyStores?.edges?.map((e: any) => e.node) ?? [];
  const present: SubgraphName[] = [];
  if (data?.me?.membership) present.push('payments');
  if (nodes.length > 0) present.push('maps');
  if (nodes.some((n) => n.delivery)) present.push('food');
  if (
    nodes.some((n) => n.products?.length > 0) ||
    data?.trendingTopics?.some((t: any) => t.relatedProducts?.[0]?.name)
  ) {
    present.push('commerce');
  }
  if (data?.trendingTopics?.length > 0) present.push('social');
  return present;
}

describe('partial data', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  const proxies = {} as Record<SubgraphName, FaultySubgraph>;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    for (const name of SUBGRAPH_NAMES)
      proxies[name] = await startFaultySubgraph(subgraphs[name].url);
    gateway = await startGateway(subgraphs, {
      // Every fetch must reach the faulty subgraphs, not a cached answer.
      gatewayEnv: {
        ...UNCACHED_GATEWAY_ENV,
        HUTONG_SUBGRAPH_TIMEOUT_MS: '300',
        HUTONG_BREAKER_HALF_OPEN_MS: '100',
      },
      route: (name) => proxies[name].url,
    });
  });
  afterAll(async () => {
    await gateway.close();
    for (const proxy of Object.values(proxies)) await proxy.close();
    await stopSubgraphs(subgraphs);
  });

  it('has every part when all five answer', async () => {
    const { body } = await postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(body.errors).toBeUndefined();
    expect(partsPresent(body.data).sort()).toEqual([...SUBGRAPH_NAMES].sort());
  });

  const cases = SUBGRAPH_NAMES.flatMap((name) =>
    (['unavailable', 'hang', 'garbage'] as FaultMode[]).map((mode) => [name, mode] as const),
  );

  it.each(cases)('keeps every other part when %s is %s', async (name, mode) => {
    proxies[name].mode = mode;
    try {
      const { status, body, raw } = await postGraphQL(
        gateway.gatewayUrl,
        HOME,
        HUBIN,
        bearer('demo'),
      );
      expect(status).toBe(200);
      const lost = [name, ...(DEPENDS_ON[name] ?? [])];
      expect(partsPresent(body.data).sort()).toEqual(
        SUBGRAPH_NAMES.filter((n) => !lost.includes(n)).sort(),
      );
      expect(body.errors).toEqual([
        {
          message: `The ${name} service did not answer; its fields are missing`,
          extensions: {
            code: 'SUBGRAPH_UNAVAILABLE',
            service: name,
            requestId: expect.any(String),
          },
          ...(body.errors?.[0]?.path ? { path: body.errors[0].path } : {}),
        },
      ]);
      expect(raw).not.toMatch(/127\.0\.0\.1|html|nginx|db-7/);
    } finally {
      proxies[name].mode = 'pass';
      // Let the circuit this case opened half-open, and close it with one good request.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo'));
    }
  });
});
