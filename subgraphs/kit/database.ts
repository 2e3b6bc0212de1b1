/**
 * The storage interface every subgraph talks to. It is deliberately tiny —
 * parameterised queries, a multi-statement exec for migrations, and
 * transactions — so that embedded PGlite (the zero set-up default) and a real
 * PostgreSQL pool satisfy it alike and run the same SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Extension } from '@electric-sql/pglite';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { badUserInput } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

// PGlite's exports map lists ESM typings before its CommonJS entry, so TypeScript
// cannot import these from CommonJS; the runtime entry is CommonJS, so require it.
/* eslint-disable @typescript-eslint/no-require-imports */
const { cube } = require('@electric-sql/pglite/contrib/cube') as { cube: Extension };
const { earthdistance } = require('@electric-sql/pglite/contrib/earthdistance') as {
  earthdistance: Extension;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs several statements in one go (migrations, seeds); no parameters. */
  exec(sql: string): Promise<void>;
}

export interface Database extends SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** Statements sent to the server since the database was opened: the figure N+1 tests watch. */
  readonly roundTrips: number;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Subgraph name: the PGlite folder below `dataDir`, or the PostgreSQL schema. */
  name: string;
  /** PostgreSQL connection string; without it the database is embedded PGlite. */
  url?: string | undefined;
  /** Folder for PGlite's files; omitted means in memory (tests). */
  dataDir?: string | undefined;
  /**
   * PGlite: start from a copy of another PGlite's files (`dumpPglite`) rather
   * than from an empty cluster. Creating the cluster (initdb) is most of the
   * cost of opening PGlite, seconds each time; tests open copies of a
   * database migrated and seeded once instead.
   */
  loadDataDir?: Blob | undefined;
  /**
   * PGlite: PostgreSQL's `shared_buffers` in megabytes (absent: PostgreSQL's
   * 128). PGlite clears them in its wasm memory as it starts, so a small
   * database that fits in fewer opens faster and holds less.
   */
  sharedBuffersMb?: number | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL: cancel statements that run longer (0 or absent: no limit). */
  statementTimeoutMs?: number;
  /** PostgreSQL: how long to wait for a connection, new or from the pool (absent: forever). */
  connectTimeoutMs?: number;
  /** Where a lost idle connection is reported; the pool replaces it on the next query. */
  log?: Logger;
}

/**
 * Both drivers parse bigint (int8) and numeric columns as JS numbers: amounts
 * are integer fen, far below 2^53, and counts fit as well.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Arbitrary but fixed advisory lock id for creating schemas and extensions. */
const SETUP_LOCK = 7_314_158;

/**
 * Numbers as PostgreSQL's float8 arithmetic can take them. A subnormal number
 * (5e-324) is accepted by the column but underflows the first multiplication
 * (`radians()`), an error for a value that means zero; -0 is zero too. An
 * infinite or NaN number never means what the client wanted.
 */
function storableNumber(value: number): number {
  if (!Number.isFinite(value)) throw badUserInput('A number is out of range');
  return Math.abs(value) < MIN_NORMAL_FLOAT ? 0 : value;
}

const MIN_NORMAL_FLOAT = 2.2250738585072014e-308;

function storableParams(params: readonly unknown[]): unknown[] {
  return params.map((param) =>
    typeof param === 'number'
      ? storableNumber(param)
      : Array.isArray(param)
        ? param.map((item: unknown) => (typeof item === 'number' ? storableNumber(item) : item))
        : param,
  );
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  roundTrips = 0;
  constructor(private readonly db: PGlite) {}

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.roundTrips++;
    return (await this.db.query<Row>(text, storableParams(params))).rows;
  }

  async exec(sql: string): Promise<void> {
    this.roundTrips++;
    await this.db.exec(sql);
  }

  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          this.roundTrips++;
          return (await tx.query<Row>(text, storableParams(params))).rows;
        },
        exec: async (sql: string) => {
          this.roundTrips++;
          await tx.exec(sql);
        },
      }),
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }

  dump(): Promise<Blob> {
    // Uncompressed: loading it back is quicker than unpacking gzip, and it stays on this machine.
    return this.db.dumpDataDir('none');
  }
}

/** A PGlite database's files, for `loadDataDir`; a PostgreSQL database has none to give. */
export function dumpPglite(db: Database): Promise<Blob> {
  if (!(db instanceof PgliteDatabase)) throw new Error('Only a PGlite database can be dumped');
  return db.dump();
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ? path.join(options.dataDir, options.name) : undefined;
  if (dataDir && !fs.existsSync(path.join(dataDir, 'PG_VERSION')))
    await copyEmptyCluster(options.dataDir!, dataDir);
  const db = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { cube, earthdistance },
    parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...(options.sharedBuffersMb
      ? {
          startParams: [
            ...PGlite.defaultStartParams,
            '-c',
            `shared_buffers=${options.sharedBuffersMb}MB`,
          ],
        }
      : {}),
  });
  return new PgliteDatabase(db);
}

// The package's exports map hides package.json; its entry lies in dist/, one folder down.
export const PGLITE_VERSION = (
  JSON.parse(
    fs.readFileSync(
      path.join(path.dirname(require.resolve('@electric-sql/pglite')), '../package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;

/**
 * Fills `folder` with a copy of a new, empty PGlite cluster kept in `dataDir`,
 * made the first time any subgraph needs one. Creating a cluster (initdb) costs
 * seconds of CPU, a copy a tenth of one: on a first `npm start` five
 * subgraphs would each create one at once on a machine of two cores. The
 * first to come makes it under a lock while the others wait for it.
 */
async function copyEmptyCluster(dataDir: string, folder: string): Promise<void> {
  const cluster = path.join(dataDir, `.empty-cluster-pglite-${PGLITE_VERSION}`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(cluster)) {
    const release = await lockfile.lock(dataDir, {
      lockfilePath: `${cluster}.lock`,
      // Long enough for a cluster to be made on a busy machine; a holder that died frees it.
      stale: 30_000,
      retries: { retries: 600, minTimeout: 100, maxTimeout: 100 },
    });
    try {
      if (!fs.existsSync(cluster)) {
        const making = `${cluster}.${process.pid}.partial`;
        fs.rmSync(making, { recursive: true, force: true });
        await (await PGlite.create(making)).close();
        fs.renameSync(making, cluster);
      }
    } finally {
      await release();
    }
  }
  fs.cpSync(cluster, folder, { recursive: true });
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  roundTrips = 0;
  constructor(private readonly pool: pg.Pool) {}

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.roundTrips++;
    return (await this.pool.query(text, storableParams(params))).rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    this.roundTrips++;
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The pool stops listening to a client while it is checked out; a connection
    // dropped between two statements of the transaction would otherwise be an
    // unhandled 'error' event, which ends the process. The next statement fails instead.
    const ignoreUntilNextStatement = () => undefined;
    client.on('error', ignoreUntilNextStatement);
    let broken: Error | undefined;
    try {
      this.roundTrips++;
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          this.roundTrips++;
          return (await client.query(text, storableParams(params))).rows as Row[];
        },
        exec: async (sql: string) => {
          this.roundTrips++;
          await client.query(sql);
        },
      });
      this.roundTrips++;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.removeListener('error', ignoreUntilNextStatement);
      // A connection that cannot even roll back is discarded, not handed to the next request.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  // Each subgraph keeps its tables in a schema of its own, so that one
  // PostgreSQL database can host all five without their tables meeting.
  const schema = options.name.replace(/[^a-z0-9_]/g, '_');
  const connectionTimeoutMillis = options.connectTimeoutMs ?? 0;
  const setup = new pg.Client({ connectionString: url, connectionTimeoutMillis });
  await setup.connect();
  try {
    // CREATE ... IF NOT EXISTS still races between processes; the lock makes it safe.
    await setup.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await setup.query('CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public');
    await setup.query('CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public');
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis,
    // Sent at connection start, so it holds for every statement of every client.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    // Names the subgraph's connections in pg_stat_activity, for operators (and tests).
    application_name: `hutong-${schema}`,
    options: `-c search_path=${schema},public`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server closes (restart, failover, pg_terminate_backend)
  // is an 'error' event on the pool; unheard, it would end the process. The pool has
  // already dropped that client and opens a new one when next asked.
  pool.on('error', (error) => {
    options.log?.warn({ err: error, schema }, 'lost an idle database connection');
  });
  return new PostgresDatabase(pool);
}

/** A `COLUMNS` list (`'id, name'`) of the table `alias` names in a join: `'s.id, s.name'`. */
export function qualifiedColumns(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** A unique constraint stopped the statement (SQLSTATE 23505), on PGlite and PostgreSQL alike. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
