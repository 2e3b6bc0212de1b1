/**
 * Every subgraph on PostgreSQL, as production runs them: the same migrations
 * and the same answers as on PGlite; a statement over the timeout, and
 * connections killed on the server (pg_terminate_backend) in the middle of
 * requests, answer masked errors; the subgraph keeps running and serves the
 * next requests. Runs where DATABASE_URL is set (CI sets it, and fails
 * without it).
 */
import pg from 'pg';
import type { SubgraphName } from '../../../lib/config';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGateway,
  UNCACHED_GATEWAY_ENV,
  startGraph,
  startSubgraphs,
  stopSubgraphs,
  storageModes,
  testDatabaseUrl,
  type RunningGateway,
  type RunningSubgraph,
} from '../../support/harness';
import { capturedLog } from '../../support/logs';
import { startSteadyLoad, waitFor } from '../../support/steady-load';

const HOME = readOperation('MiniProgramHome');
const NEARBY = `query ($near: GeoPointInput!) {
  nearbyStores(near: $near, first: 5) { edges { distanceMeters node { id name } } }
}`;
const STATEMENT_TIMEOUT_MS = 3000;

/** Database errors, hosts and SQL that must never reach a client. */
const INTERNALS =
  /statement timeout|canceling statement|terminating connection|administrator command|57014|57P01|postgres|:5432|127\.0\.0\.1|\bSELECT\b|\bFROM\b|_test_/i;

/**
 * What legitimately differs between two runs on two storages: a topic's heat
 * decays by the second from when its seed was loaded, and a page cursor holds
 * the exact distance, whose last digits differ between native and WebAssembly
 * floating point (the rounded distances shown are equal).
 */
const comparable = (body: unknown) =>
  JSON.parse(JSON.stringify(body), (key, value: unknown) =>
    key === 'heat' || key === 'endCursor' ? undefined : value,
  );

const onPostgres = storageModes().includes('postgres');

(onPostgres ? describe : describe.skip)('on PostgreSQL', () => {
  const mapsLog = capturedLog();
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let gateway: RunningGateway;
  let mapsSchema: string;
  /** A connection of the test's own, to do to the maps tables what an operator might. */
  let admin: pg.Client;

  beforeAll(async () => {
    subgraphs = await startSubgraphs('postgres', (name) =>
      name === 'maps' ? { statementTimeoutMs: STATEMENT_TIMEOUT_MS, log: mapsLog.log } : {},
    );
    gateway = await startGateway(subgraphs, {
      // Every request must reach the database, not a cached answer.
      gatewayEnv: {
        ...UNCACHED_GATEWAY_ENV,
        HUTONG_RATE_USER_BURST: '1000000',
        HUTONG_RATE_USER_PER_SECOND: '1000000',
      },
    });
    [{ schema: mapsSchema }] = (await subgraphs.maps.db.query<{ schema: string }>(
      'SELECT current_schema() AS schema',
    )) as [{ schema: string }];
    admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await gateway?.close();
    if (subgraphs) await stopSubgraphs(subgraphs);
  });

  /** Holds an exclusive lock on the maps stores until the returned function is called. */
  async function lockStores(): Promise<() => Promise<void>> {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${mapsSchema}.stores IN ACCESS EXCLUSIVE MODE`);
    return async () => void (await admin.query('ROLLBACK'));
  }

  it('answers the home query exactly as on PGlite', async () => {
    const pglite = await startGraph();
    try {
      const [onPglite, onPg] = await Promise.all([
        postGraphQL(pglite.gatewayUrl, HOME, HUBIN, bearer('demo')),
        postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo')),
      ]);
      expect(onPg.body.errors).toBeUndefined();
      expect(onPg.body.data.nearbyStores.edges[0].node.id).toBe('store-starbucks-in77');
      expect(comparable(onPg.body)).toEqual(comparable(onPglite.body));
    } finally {
      await pglite.close();
    }
  });

  it('answers a statement over the timeout with a masked error, and the next one normally', async () => {
    const unlock = await lockStores();
    let blocked;
    try {
      blocked = await postGraphQL(gateway.gatewayUrl, NEARBY, { near: HUBIN });
    } finally {
      await unlock();
    }
    expect(blocked.body.data).toEqual({ nearbyStores: null });
    expect(blocked.body.errors).toEqual([
      expect.objectContaining({
        message: 'Internal server error',
        extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
      }),
    ]);
    expect(blocked.raw).not.toMatch(INTERNALS);
    // What the client does not see, the maps service logs.
    expect(JSON.stringify(mapsLog.records)).toContain('statement timeout');

    const next = await postGraphQL(gateway.gatewayUrl, NEARBY, { near: HUBIN });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.nearbyStores.edges).toHaveLength(5);
  });

  it('answers masked errors for requests whose connections are killed, stays up and recovers', async () => {
    // Open more connections than the load uses, so that idle ones are killed too.
    await Promise.all(Array.from({ length: 10 }, () => subgraphs.maps.db.query('SELECT 1')));
    const load = startSteadyLoad(gateway.gatewayUrl, NEARBY, { variables: { near: HUBIN } });
    try {
      await waitFor(() => load.succeeded() >= 20, 'the load to run');
      // Requests wait on the lock, in flight, when their connections are killed.
      const unlock = await lockStores();
      try {
        await waitFor(async () => {
          const { rows } = await admin.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE application_name = $1 AND wait_event_type = 'Lock'`,
            [`hutong-${mapsSchema}`],
          );
          return rows[0].n > 0;
        }, 'requests waiting on the lock');
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [`hutong-${mapsSchema}`],
        );
        expect(rowCount).toBeGreaterThan(1);
      } finally {
        await unlock();
      }
      const answeredAtKill = load.answers.length;
      await waitFor(
        () => load.answers.slice(answeredAtKill).filter((answer) => answer.ok).length >= 40,
        'the load to recover',
      );
    } finally {
      await load.stop();
    }

    const failures = load.failures();
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      const body = JSON.parse(failure.raw);
      expect(body.data).toEqual({ nearbyStores: null });
      expect(body.errors[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(failure.raw).not.toMatch(INTERNALS);
    }
    // Recovered: the last answers are all correct (the four clients each had one in flight).
    expect(load.answers.slice(-20).every((answer) => answer.ok)).toBe(true);
    // An idle connection closed by the server is logged, not a crash.
    expect(mapsLog.records.map((record) => record.msg)).toContain(
      'lost an idle database connection',
    );
    const ready = await fetch(subgraphs.maps.url.replace('/graphql', '/ready'));
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
