/**
 * The home screen never goes blank: with any one of the five subgraphs down,
 * hanging, refusing connections or answering garbage, the home query answers
 * 200 with every other subgraph's fields and one masked error naming the
 * missing part. The same holds for every field a subgraph adds to another's
 * entity: without that subgraph the field is null, never the store or user it
 * belongs to.
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
 * The home screen's shape with every field the other subgraphs add to the
 * stores (listed near the point, and those the topics are about), to their
 * merchants and to the viewer.
 */
const HOME_WITH_EVERY_CONTRIBUTION = `query HomeWithEveryContribution($lat: Float!, $lng: Float!) {
  trendingTopics(first: 5) {
    id title heat
    relatedStores { id name menu { id } mentions(first: 2) { id } }
    relatedProducts { id name }
  }
  nearbyStores(near: { lat: $lat, lng: $lng }, first: 10) {
    edges { distanceMeters node {
      id name category
      merchant { id trafficPledge { exposureOwed } }
      memberOffer { merchantTier discountPercent isMember }
      menu { id price } delivery(to: { lat: $lat, lng: $lng }) { fee etaMinutes }
      deliveryHours { opensAt closesAt } acceptsOrdersNow
      products(first: 3) { id name } lightShop { id }
      mentions(first: 2) { id text }
    } }
  }
  me {
    id nickname
    foodOrders(first: 2) { edges { node { id } } }
    favorites { targetId } coupons { id } shopOrders(first: 2) { edges { node { id } } }
    feed(first: 3) { id } socialAccount { kind }
  }
}`;

/**
 * What the answer loses without one subgraph: the fields it adds to stores,
 * merchants and the viewer become null, and so do the root fields and lists
 * only it can answer; everything else stays as it was.
 */
function withoutSubgraph(data: any, name: SubgraphName): any {
  const copy = JSON.parse(JSON.stringify(data));
  const nodes: any[] = copy.nearbyStores.edges.map((edge: any) => edge.node);
  const topicStores: any[] = copy.trendingTopics.flatMap((topic: any) => topic.relatedStores);
  const lose = (objects: any[], fields: string[]) => {
    for (const object of objects) for (const field of fields) object[field] = null;
  };
  switch (name) {
    case 'payments':
      lose(nodes, ['memberOffer']);
      copy.me = null;
      break;
    case 'food':
      lose(nodes, ['menu', 'delivery', 'deliveryHours', 'acceptsOrdersNow']);
      lose(topicStores, ['menu']);
      lose([copy.me], ['foodOrders']);
      break;
    case 'commerce':
      lose(nodes, ['products', 'lightShop']);
      // A topic about no products keeps its empty list: nothing was asked of commerce.
      lose(
        copy.trendingTopics.filter((topic: any) => topic.relatedProducts.length > 0),
        ['relatedProducts'],
      );
      lose([copy.me], ['favorites', 'coupons', 'shopOrders']);
      break;
    case 'social':
      lose(nodes, ['mentions']);
      lose(
        nodes.map((node) => node.merchant),
        ['trafficPledge'],
      );
      lose([copy.me], ['feed', 'socialAccount']);
      copy.trendingTopics = null;
      break;
    case 'maps':
      throw new Error('maps owns the stores: without it there are none to keep');
  }
  return copy;
}

/** Topic heat decays by the second: the one value two answers moments apart may differ in. */
function withoutHeat(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data, (key, value) => (key === 'heat' ? undefined : value)));
}

const unavailable = (name: SubgraphName, path?: unknown) => ({
  message: `The ${name} service did not answer; its fields are missing`,
  extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: name, requestId: expect.any(String) },
  ...(path ? { path } : {}),
});

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
    // A cold database's first statements can outlast the short timeout on a busy
    // machine: warm every subgraph before the cases count on their answers.
    for (let attempt = 0; attempt < 10; attempt++) {
      const { body } = await postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo'));
      if (!body.errors) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }, 120_000);
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
    (['unavailable', 'hang', 'refuse', 'garbage'] as FaultMode[]).map(
      (mode) => [name, mode] as const,
    ),
  );

  /** After a case: the subgraph back, and the circuit the case opened closed by one good request. */
  const restore = async (name: SubgraphName, through = gateway) => {
    proxies[name].mode = 'pass';
    await proxies[name].settled();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await postGraphQL(through.gatewayUrl, HOME, HUBIN, bearer('demo'));
  };

  it.each(cases)('keeps every other part when %s is %s', async (name, mode) => {
    proxies[name].mode = mode;
    await proxies[name].settled();
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
      expect(body.errors).toEqual([unavailable(name, body.errors?.[0]?.path)]);
      expect(raw).not.toMatch(/127\.0\.0\.1|html|nginx|db-7/);
    } finally {
      await restore(name);
    }
  });

  describe("fields one subgraph adds to another's entities", () => {
    /**
     * Over the same faulty subgraphs, with room for this larger query's fetches
     * on a busy machine: a hanging subgraph costs this gateway's timeout.
     */
    let patient: RunningGateway;
    let complete: any;

    beforeAll(async () => {
      patient = await startGateway(subgraphs, {
        gatewayEnv: {
          ...UNCACHED_GATEWAY_ENV,
          HUTONG_SUBGRAPH_TIMEOUT_MS: '2000',
          HUTONG_BREAKER_HALF_OPEN_MS: '100',
        },
        route: (name) => proxies[name].url,
      });
      const { body } = await postGraphQL(
        patient.gatewayUrl,
        HOME_WITH_EVERY_CONTRIBUTION,
        HUBIN,
        bearer('demo'),
      );
      expect(body.errors).toBeUndefined();
      complete = body.data;
    });
    afterAll(async () => {
      await patient?.close();
    });

    it('has every contribution to look for when all five answer', () => {
      const nodes: any[] = complete.nearbyStores.edges.map((edge: any) => edge.node);
      expect(nodes.length).toBeGreaterThan(1);
      expect(nodes.some((node) => node.mentions.length > 0)).toBe(true);
      expect(nodes.some((node) => node.menu.length > 0)).toBe(true);
      expect(nodes.some((node) => node.memberOffer)).toBe(true);
      expect(nodes.some((node) => node.products.length > 0)).toBe(true);
      expect(nodes.some((node) => node.merchant.trafficPledge)).toBe(true);
      expect(complete.trendingTopics.length).toBeGreaterThan(0);
      expect(complete.me.id).toBe('demo');
    });

    const contributors = SUBGRAPH_NAMES.filter((name) => name !== 'maps').flatMap((name) =>
      (['hang', 'refuse'] as FaultMode[]).map((mode) => [name, mode] as const),
    );

    it.each(contributors)(
      "keeps every store and everyone else's fields when %s is %s",
      async (name, mode) => {
        proxies[name].mode = mode;
        await proxies[name].settled();
        try {
          const { status, body } = await postGraphQL(
            patient.gatewayUrl,
            HOME_WITH_EVERY_CONTRIBUTION,
            HUBIN,
            bearer('demo'),
          );
          expect(status).toBe(200);
          expect(withoutHeat(body.data)).toEqual(withoutHeat(withoutSubgraph(complete, name)));
          expect(body.errors).toEqual([unavailable(name, body.errors?.[0]?.path)]);
        } finally {
          await restore(name, patient);
        }
      },
    );
  });
});
