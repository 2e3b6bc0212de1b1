/**
 * Copies of PGlite databases for tests. Creating a PGlite cluster (initdb)
 * and migrating it takes seconds for each subgraph; every test file wants
 * fresh ones. So the first test that needs a subgraph's database makes the
 * migrated cluster once, keeps its files on disk, and every later test loads a
 * copy of them, then seeds it. The seed runs each time because it is written
 * relative to now (an order placed twenty minutes ago, a topic active an hour
 * ago): a seeded copy would age with its file.
 *
 * A template is named by a hash of what decides its contents (the PGlite
 * version, the shared migrations and the subgraph's), so a changed migration
 * makes a new template rather than reusing a stale one.
 * Templates are written to a temporary file and renamed into place, so a Jest
 * worker never reads one that another worker is still writing.
 *
 * A graph's five subgraphs share one PGlite, a schema each, as they share one
 * PostgreSQL database in production: opening a PGlite costs about half a
 * second of CPU and some hundred megabytes whatever it holds, and a test file
 * starts a graph or more.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  dumpPglite,
  openDatabase,
  PGLITE_VERSION,
  type Database,
  type SqlClient,
} from '../../subgraphs/kit/database';
import { SHARED_MIGRATIONS_DIR } from '../../subgraphs/kit/migrations';
import { prepareDatabase, seedFiles, type SubgraphDefinition } from '../../subgraphs/kit/subgraph';

/** Delete this folder to make every template again (it is remade when needed). */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../node_modules/.cache/hutong-test-databases',
);

/** Bump when the way templates are made changes, so older files are not loaded. */
const TEMPLATE_FORMAT = 5;

/**
 * An in-memory PGlite database, as a fresh cluster is: no tables, nothing
 * seeded. Every other template starts from a copy of this one: creating a
 * cluster (initdb) costs seconds, a copy a fraction of one.
 */
export async function openEmptyPglite(name: string): Promise<Database> {
  const template = await templateFiles('empty', [], async () => {
    const db = await openPglite(name);
    await dropTemplateDatabases(db);
    return db;
  });
  return openPglite(name, template);
}

/**
 * A test's databases hold a few megabytes: PostgreSQL's default 128 MB of
 * shared buffers, which PGlite clears on every open, cost a third of opening one.
 */
const TEST_SHARED_BUFFERS_MB = 16;

function openPglite(name: string, loadDataDir?: Blob): Promise<Database> {
  return openDatabase({ name, loadDataDir, sharedBuffersMb: TEST_SHARED_BUFFERS_MB });
}

/** An in-memory PGlite database with `definition`'s migrations applied and its seed loaded now. */
export async function openSeededPglite<L>(definition: SubgraphDefinition<L>): Promise<Database> {
  const db = await openSubgraphTemplate(definition, true);
  // The migrations, and the seed the template holds, are recorded in the copy.
  await prepareDatabase(definition, db, true);
  return db;
}

/** An in-memory PGlite database with `definition`'s migrations applied and nothing seeded. */
export function openMigratedPglite<L>(definition: SubgraphDefinition<L>): Promise<Database> {
  return openSubgraphTemplate(definition, false);
}

/** A copy of `definition`'s migrated template; `seeded`, with what of its seed a template holds. */
async function openSubgraphTemplate<L>(
  definition: SubgraphDefinition<L>,
  seeded: boolean,
): Promise<Database> {
  const seedInTemplate = seeded && templateSeed(definition);
  // A subgraph whose seed has no generated part and reads the clock has a migrated template.
  const holds =
    seedInTemplate === true
      ? 'seeded'
      : seedInTemplate && seedFiles(definition).generated
        ? 'generated'
        : 'migrated';
  const label = `${definition.name}-${holds}`;
  const sources = templateSources([definition], seeded);
  const template = await templateFiles(label, sources, async () => {
    const db = await openEmptyPglite(definition.name);
    await prepareDatabase(definition, db, seedInTemplate);
    return db;
  });
  return openPglite(definition.name, template);
}

/** Where a subgraph's migrations and seed are, and the kit's seed files its seed reads. */
type DataOf = Pick<SubgraphDefinition<unknown>, 'dataDir' | 'seedWith'>;

const READS_THE_CLOCK =
  /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\s*\(|\bcurrent_(date|time|timestamp)\b|\blocal(time|timestamp)\b/i;

/** By data folder: read once a test file, not for every database it opens. */
const clockReaders = new Map<string, boolean>();

/**
 * Whether `definition`'s hand-written seed (or a default its migrations give a
 * column) reads the clock. A seed that does not is the same whenever it runs,
 * so its template holds it seeded. The generated part of a seed never reads it
 * (a generated part that did is refused), so a template always holds it:
 * generating maps' 2,000 stores and food's kitchens for them is most of the
 * cost of opening a graph's databases otherwise.
 */
function seedReadsTheClock(definition: DataOf): boolean {
  let reads = clockReaders.get(definition.dataDir);
  if (reads === undefined) {
    const { generated } = seedFiles(definition);
    for (const file of [...(generated ? [generated.file] : []), ...definition.seedWith])
      if (READS_THE_CLOCK.test(fs.readFileSync(file, 'utf8')))
        throw new Error(`${file} reads the clock: a generated seed is the same on every run`);
    reads = filesBelow(definition.dataDir)
      .filter((file) => file.endsWith('.sql') && file !== generated?.file)
      .some((file) => READS_THE_CLOCK.test(fs.readFileSync(file, 'utf8')));
    clockReaders.set(definition.dataDir, reads);
  }
  return reads;
}

/** What of `definition`'s seed its seeded template holds: all of it, or the generated part. */
function templateSeed(definition: DataOf): true | 'generated' {
  return seedReadsTheClock(definition) ? 'generated' : true;
}

/** What a template's contents come from: the migrations, and the seed it holds when seeded. */
function templateSources(definitions: readonly DataOf[], seeded: boolean): string[] {
  return [
    SHARED_MIGRATIONS_DIR,
    ...definitions.flatMap((definition) => {
      const { generated, handWritten } = seedFiles(definition);
      return [
        path.join(definition.dataDir, 'migrations'),
        ...(seeded && generated ? [...definition.seedWith, generated.file] : []),
        ...(seeded && handWritten && templateSeed(definition) === true ? [handWritten.file] : []),
      ];
    }),
  ];
}

/**
 * `definitions`' databases, migrated and seeded now, in one in-memory PGlite:
 * each subgraph sees a schema of its own (then `public`, where the shared
 * extensions live), as on PostgreSQL. Statements of different subgraphs take
 * turns, as they would on one PGlite each in this single-threaded process.
 */
export async function openSeededPglites(
  definitions: readonly SubgraphDefinition<unknown>[],
): Promise<Database[]> {
  const label = `${definitions.map((definition) => definition.name).join('+')}-seeded`;
  const template = await templateFiles(label, templateSources(definitions, true), async () => {
    const shared = new SharedPglite(await openEmptyPglite(label));
    for (const definition of definitions)
      await prepareDatabase(
        definition,
        await shared.createSchema(definition.name),
        templateSeed(definition),
      );
    return shared.db;
  });
  const shared = new SharedPglite(await openPglite(label, template), definitions.length);
  return Promise.all(
    definitions.map(async (definition) => {
      const db = shared.schema(definition.name);
      // The migrations, and a seed that does not read the clock, are recorded in the copy.
      await prepareDatabase(definition, db, true);
      return db;
    }),
  );
}

/** One PGlite holding several subgraphs' schemas; closed when every schema's database is. */
class SharedPglite {
  private searchPath: string | undefined;
  private turns: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Database,
    private users = 0,
  ) {}

  /** Makes `name`'s schema, and the extensions a subgraph needs in `public`. */
  async createSchema(name: string): Promise<Database> {
    await this.db.exec(`CREATE SCHEMA ${name};
      CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public;
      CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public;`);
    return this.schema(name);
  }

  /** A database of the tables in schema `name`. */
  schema(name: string): Database {
    return new SchemaDatabase(this, name);
  }

  /** Runs `work` when the connection is free, with `schema` first on its search path. */
  take<T>(schema: string, work: (db: Database) => Promise<T>): Promise<T> {
    const turn = this.turns.then(async () => {
      if (this.searchPath !== schema) {
        await this.db.exec(`SET search_path TO ${schema}, public`);
        this.searchPath = schema;
      }
      return work(this.db);
    });
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  async release(): Promise<void> {
    if (--this.users <= 0) await this.turns.then(() => this.db.close());
  }
}

class SchemaDatabase implements Database {
  readonly kind = 'pglite' as const;
  roundTrips = 0;
  private closed = false;

  constructor(
    private readonly shared: SharedPglite,
    private readonly name: string,
  ) {}

  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    this.roundTrips++;
    return this.take((db) => db.query<Row>(text, params));
  }

  exec(sql: string): Promise<void> {
    this.roundTrips++;
    return this.take((db) => db.exec(sql));
  }

  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.take((db) =>
      db.transaction((tx) =>
        work({
          query: <Row>(text: string, params?: readonly unknown[]) => {
            this.roundTrips++;
            return tx.query<Row>(text, params);
          },
          exec: (sql: string) => {
            this.roundTrips++;
            return tx.exec(sql);
          },
        }),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.shared.release();
  }

  private take<T>(work: (db: Database) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('PGlite is closed'));
    return this.shared.take(this.name, work);
  }
}

/** Templates this test file has loaded: a file that opens several graphs hashes and reads each once. */
const loadedTemplates = new Map<string, Promise<Blob>>();

function templateFiles(
  label: string,
  sources: readonly string[],
  make: () => Promise<Database>,
): Promise<Blob> {
  const key = [label, ...sources].join('\0');
  let template = loadedTemplates.get(key);
  if (!template) {
    template = loadOrMakeTemplate(label, sources, make);
    // A template that failed to be made is tried again by the next caller.
    template.catch(() => loadedTemplates.delete(key));
    loadedTemplates.set(key, template);
  }
  return template;
}

async function loadOrMakeTemplate(
  label: string,
  sources: readonly string[],
  make: () => Promise<Database>,
): Promise<Blob> {
  const file = path.join(TEMPLATE_DIR, `${label}-${contentHash(sources)}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await make();
  try {
    const dump = await dumpPglite(db);
    fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${crypto.randomUUID()}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    return dump;
  } finally {
    await db.close();
  }
}

/**
 * A cluster holds template0 and template1 beside the database PGlite opens:
 * half its files, which every copy would unpack again. Tests create no
 * database, so their templates go (a template database must be unmarked first).
 */
async function dropTemplateDatabases(db: Database): Promise<void> {
  await db.exec(`UPDATE pg_database SET datistemplate = false
    WHERE datname IN ('template0', 'template1')`);
  // One statement each: DROP DATABASE refuses to run in a transaction block.
  for (const statement of [
    'DROP DATABASE IF EXISTS template0',
    'DROP DATABASE IF EXISTS template1',
    'CHECKPOINT',
  ])
    await db.exec(statement);
}

/** A hash of the PGlite version and every file below `sources` (names and contents). */
function contentHash(sources: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  hash.update(`format ${TEMPLATE_FORMAT}\0pglite ${PGLITE_VERSION}\0`);
  for (const source of sources) {
    for (const file of filesBelow(source)) {
      hash.update(`${path.relative(source, file)}\0`);
      hash.update(fs.readFileSync(file));
      hash.update('\0');
    }
    hash.update('\0\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function filesBelow(source: string): string[] {
  if (!fs.existsSync(source)) return [];
  if (!fs.statSync(source).isDirectory()) return [source];
  return fs
    .readdirSync(source)
    .sort()
    .flatMap((entry) => filesBelow(path.join(source, entry)));
}
