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
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dumpPglite, openDatabase, type Database } from '../../subgraphs/kit/database';
import { SHARED_MIGRATIONS_DIR } from '../../subgraphs/kit/migrations';
import { prepareDatabase, type SubgraphDefinition } from '../../subgraphs/kit/subgraph';

/** Delete this folder to make every template again (it is remade when needed). */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../node_modules/.cache/hutong-test-databases',
);

/** Bump when the way templates are made changes, so older files are not loaded. */
const TEMPLATE_FORMAT = 2;

// The package's exports map hides package.json; its entry lies in dist/, one folder down.
const PGLITE_VERSION = (
  JSON.parse(
    fs.readFileSync(
      path.join(path.dirname(require.resolve('@electric-sql/pglite')), '../package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;

/** An in-memory PGlite database, as a fresh cluster is: no tables, nothing seeded. */
export async function openEmptyPglite(name: string): Promise<Database> {
  const template = await templateFiles('empty', [], () => openDatabase({ name }));
  return openDatabase({ name, loadDataDir: template });
}

/** An in-memory PGlite database with `definition`'s migrations applied and its seed loaded now. */
export async function openSeededPglite<L>(definition: SubgraphDefinition<L>): Promise<Database> {
  const sources = [SHARED_MIGRATIONS_DIR, path.join(definition.dataDir, 'migrations')];
  const template = await templateFiles(`${definition.name}-migrated`, sources, async () => {
    const db = await openDatabase({ name: definition.name });
    await prepareDatabase(definition, db, false);
    return db;
  });
  const db = await openDatabase({ name: definition.name, loadDataDir: template });
  // The migrations are recorded in the copy: only the seed runs.
  await prepareDatabase(definition, db, true);
  return db;
}

async function templateFiles(
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
