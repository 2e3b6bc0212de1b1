/**
 * The home screen never goes blank: with any one of the five subgraphs down,
 * hanging, refusing connections or answering garbage, the home query answers
 * 200 with every other subgraph's fields and one masked error naming the
 * missing part. The same holds for every field a subgraph adds to another's
 * entity: without that subgraph the field is null, never the store or user it
 * belongs to; and for every field whose value is another subgraph's entity
 * (a store's merchant, an order's store, a post's author): without the
 * subgraph that fills it in, the reference is null, never what holds it.
 */
import fs from 'node:fs';
import { buildSupergraph } from '../../gateway/supergraph-features';
import { executeSync, getNamedType, isCompositeType, parse } from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { entityReferences } from '../../schema/entity-ownership';
import { SCHEMA_DIR, SUPERGRAPH_FILE } from '../../schema/paths';
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
      merchant { id }
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
    feed(first: 3) { edges { node { id } } } socialAccount { kind }
  }
}`;

/** Sets each of the fields to null on each object. */
function lose(objects: any[], fields: string[]): void {
  for (const object of objects) for (const field of fields) object[field] = null;
}

/** Sets each item of the list to null on each object: an empty list stays empty. */
function loseEach(objects: any[], list: string): void {
  for (const object of objects) object[list] = object[list].map(() => null);
}

/**
 * What the answer loses without one subgraph: the fields it adds to stores,
 * merchants and the viewer become null, and so do the root fields and lists
 * only it can answer; everything else stays as it was.
 */
function withoutSubgraph(data: any, name: SubgraphName): any {
  const copy = JSON.parse(JSON.stringify(data));
  const nodes: any[] = copy.nearbyStores.edges.map((edge: any) => edge.node);
  const topicStores: any[] = copy.trendingTopics.flatMap((topic: any) => topic.relatedStores);
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
      loseEach(copy.trendingTopics, 'relatedProducts');
      lose([copy.me], ['favorites', 'coupons', 'shopOrders']);
      break;
    case 'social':
      lose(nodes, ['mentions']);
      lose([copy.me], ['feed', 'socialAccount']);
      copy.trendingTopics = null;
      break;
    case 'maps':
      throw new Error('maps owns the stores: without it there are none to keep');
  }
  return copy;
}

/**
 * A page that follows every reference from one subgraph's data to another's
 * entities, each into a field only the entity's owner answers.
 */
const EVERY_REFERENCE = `query EveryReference($lat: Float!, $lng: Float!) {
  nearbyStores(near: { lat: $lat, lng: $lng }, first: 10) {
    edges { node {
      id name
      merchant { id name }
      brand { id name merchant { id name } }
      lightShop { id store { id name } }
      mentions(first: 2) { id text author { id nickname } }
    } }
  }
  trendingTopics(first: 5) { id title relatedStores { id name } relatedProducts { id name } }
  lifeAccount(id: "la-kfc-hangzhou") { id name merchant { id name } owner { id nickname } }
  me {
    id nickname
    foodOrders(first: 2) { edges { node { id total store { id name } } } }
    shopOrders(first: 2) { edges { node { id total store { id name } lightShop { id store { id name } } } } }
    feed(first: 10) {
      edges { node {
        __typename id
        ... on Post { text author { id nickname } }
        ... on MiniProgramCard { miniProgram { id } sharedBy { id nickname } }
        ... on LifeAccountPush { title lifeAccount { id merchant { id name } owner { id nickname } } }
      } }
    }
    inbox(first: 5) { edges { node { id sharedBy { id nickname } recipient { id nickname } } } }
  }
}`;

/**
 * The references only a mutation's payload holds, followed the same way: demo
 * already follows u-wang, so following again changes nothing.
 */
const EVERY_PAYLOAD_REFERENCE = `mutation EveryPayloadReference {
  userFollow(input: { userId: "u-wang" }) { user { id nickname } }
}`;

/**
 * Every `Field > Type.field` an answer to `query` holds a value for: each field
 * with a value, under the field whose value holds it.
 */
function fieldsAnswered(query: string, data: unknown): Set<string> {
  const schema = buildSupergraph(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  const answered = new Set<string>();
  const heldBy = new WeakMap<object, string>();
  const result = executeSync({
    schema,
    document: parse(query),
    rootValue: data,
    variableValues: HUBIN,
    fieldResolver: (source: Record<string, unknown>, _args, _context, info) => {
      const value = source[info.path.key as string];
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      if (value === null || value === undefined) return value;
      answered.add(`${heldBy.get(source) ?? 'Query'} > ${coordinate}`);
      if (isCompositeType(getNamedType(info.returnType))) {
        for (const object of [value].flat(2)) if (object) heldBy.set(object as object, coordinate);
      }
      return value;
    },
    typeResolver: (value: { __typename?: string }) => value.__typename,
  });
  expect(result.errors).toBeUndefined();
  return answered;
}

/**
 * What the answer to EVERY_REFERENCE loses without one subgraph: its root
 * fields and the fields it adds to others' entities, as above, and every
 * reference to an entity it fills in, each on its own.
 */
function withoutOwner(data: any, name: SubgraphName): any {
  const copy = JSON.parse(JSON.stringify(data));
  const stores: any[] = copy.nearbyStores.edges.map((edge: any) => edge.node);
  const foodOrders: any[] = copy.me.foodOrders.edges.map((edge: any) => edge.node);
  const shopOrders: any[] = copy.me.shopOrders.edges.map((edge: any) => edge.node);
  switch (name) {
    case 'payments':
      lose(stores, ['merchant']);
      lose(
        stores.flatMap((store) => store.brand ?? []),
        ['merchant'],
      );
      lose(
        stores.flatMap((store) => store.mentions),
        ['author'],
      );
      lose([copy.lifeAccount], ['merchant', 'owner']);
      copy.me = null;
      break;
    case 'maps':
      copy.nearbyStores = null;
      loseEach(copy.trendingTopics, 'relatedStores');
      lose([...foodOrders, ...shopOrders], ['store']);
      lose(
        shopOrders.map((order) => order.lightShop),
        ['store'],
      );
      break;
    case 'commerce':
      lose(stores, ['lightShop', 'brand']);
      loseEach(copy.trendingTopics, 'relatedProducts');
      lose([copy.me], ['shopOrders']);
      break;
    case 'food':
      lose([copy.me], ['foodOrders']);
      break;
    case 'social':
      lose(stores, ['mentions']);
      copy.trendingTopics = null;
      copy.lifeAccount = null;
      lose([copy.me], ['feed', 'inbox']);
      break;
  }
  return copy;
}

/** Topic heat decays by the second: the one value two answers moments apart may differ in. */
function withoutHeat(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data, (key, value) => (key === 'heat' ? undefined : value)));
}

const unavailable = (name: SubgraphName, path?: unknown) => ({
  message: `The ${name} service did not answer; its fields are missing`,
  extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name, requestId: expect.any(String) },
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
        // Long enough that a healthy subgraph on a busy machine is never taken for a hung one.
        HUTONG_SUBGRAPH_TIMEOUT_MS: '3000',
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
      expect(raw).not.toMatch(/127\.0\.0\.1|html|nginx|db-7\.internal/);
    } finally {
      await restore(name);
    }
  });

  /**
   * A root field of each subgraph that has one a signed-in user reads without
   * an order of their own (food's are orders): one that cannot answer must cost
   * no other's.
   */
  const ROOT_FIELD_OF: Partial<Record<SubgraphName, string>> = {
    payments: 'me { id }',
    maps: 'businessAreas(first: 2) { edges { node { id } } }',
    commerce: 'favoriteTargets(first: 2) { __typename }',
    social: 'trendingTopics(first: 2) { id }',
  };
  const ROOT_FIELDS_QUERY = `{ ${Object.entries(ROOT_FIELD_OF)
    .map(([name, field]) => `${name}: ${field}`)
    .join(' ')} }`;

  it.each(Object.keys(ROOT_FIELD_OF) as SubgraphName[])(
    'keeps the other subgraphs’ root fields when %s cannot answer',
    async (name) => {
      proxies[name].mode = 'unavailable';
      await proxies[name].settled();
      try {
        const { status, body } = await postGraphQL(
          gateway.gatewayUrl,
          ROOT_FIELDS_QUERY,
          {},
          bearer('demo'),
        );
        expect(status).toBe(200);
        expect(body.data).not.toBeNull();
        for (const other of Object.keys(ROOT_FIELD_OF))
          expect(body.data[other] === null).toBe(other === name);
        expect(body.errors).toEqual([unavailable(name, body.errors?.[0]?.path)]);
      } finally {
        await restore(name);
      }
    },
  );

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

  describe("references to another subgraph's entities", () => {
    /** As for the contributions: over the faulty subgraphs, with room for a larger page. */
    let patient: RunningGateway;
    let complete: any;
    let completePayloads: any;

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
        EVERY_REFERENCE,
        HUBIN,
        bearer('demo'),
      );
      expect(body.errors).toBeUndefined();
      complete = body.data;
      const payloads = await postGraphQL(
        patient.gatewayUrl,
        EVERY_PAYLOAD_REFERENCE,
        {},
        bearer('demo'),
      );
      expect(payloads.body.errors).toBeUndefined();
      completePayloads = payloads.body.data;
    });
    afterAll(async () => {
      await patient?.close();
    });

    it('follows every reference into its owner when all five answer', () => {
      const references = entityReferences(
        SUBGRAPH_NAMES.map((name) => ({
          name,
          typeDefs: parse(fs.readFileSync(`${SCHEMA_DIR}/${name}.graphql`, 'utf8')),
        })),
      );
      expect(references.length).toBeGreaterThan(0);
      const answered = new Set([
        ...fieldsAnswered(EVERY_REFERENCE, complete),
        ...fieldsAnswered(EVERY_PAYLOAD_REFERENCE, completePayloads),
      ]);
      const unfollowed = references.filter(
        (reference) =>
          !reference.ownerFields.some((field) =>
            answered.has(`${reference.coordinate} > ${reference.entity}.${field}`),
          ),
      );
      expect(unfollowed.map((reference) => reference.coordinate)).toEqual([]);
    });

    const owners = SUBGRAPH_NAMES.flatMap((name) =>
      (['hang', 'refuse'] as FaultMode[]).map((mode) => [name, mode] as const),
    );

    it.each(owners)('keeps everything but what %s fills in when it is %s', async (name, mode) => {
      proxies[name].mode = mode;
      await proxies[name].settled();
      try {
        const { status, body } = await postGraphQL(
          patient.gatewayUrl,
          EVERY_REFERENCE,
          HUBIN,
          bearer('demo'),
        );
        expect(status).toBe(200);
        expect(body.data).toEqual(withoutOwner(complete, name));
        expect(body.errors).toEqual([unavailable(name, body.errors?.[0]?.path)]);
      } finally {
        await restore(name, patient);
      }
    });

    it('keeps the other stores of a topic when one is no longer on the map', async () => {
      await subgraphs.social.db.exec(`
        INSERT INTO topics (id, title, title_en, search_volume, last_active_at)
          VALUES ('topic-half-closed', '半闭店', 'Half closed', 0, now());
        INSERT INTO topic_stores (topic_id, store_id, position) VALUES
          ('topic-half-closed', 'store-kfc-hubin', 1),
          ('topic-half-closed', 'store-closed-long-ago', 2);`);
      const { body } = await postGraphQL(
        patient.gatewayUrl,
        '{ topic(id: "topic-half-closed") { id relatedStores { id name } } }',
      );
      expect(body.data).toEqual({
        topic: {
          id: 'topic-half-closed',
          relatedStores: [{ id: 'store-kfc-hubin', name: '肯德基(湖滨银泰店)' }, null],
        },
      });
    });
  });
});
