import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

/** Arbitrary but fixed: serialises migrations of several processes sharing one PostgreSQL. */
const MIGRATION_LOCK = 7_314_159;

/** Tables every subgraph has (idempotency keys), applied before a subgraph's own. */
export const SHARED_MIGRATIONS_DIR = path.join(__dirname, 'sql');

/**
 * The generated city's 2,000 stores, as temporary tables for a seed to read
 * (`generated_stores`, `generated_business_areas`): maps seeds its places from
 * them and food its kitchens and menus, each in its own database.
 */
export const GENERATED_STORES_SEED = path.join(__dirname, 'seed', 'generated-stores.sql');

/** A seed file, and the kit's shared seed files that run just before it, in its transaction. */
export interface SeedFile {
  file: string;
  with?: readonly string[];
}

/**
 * Applies the shared migrations, then the `*.sql` files of `dir`, in name order,
 * each once, each in its own transaction, and records them in
 * `schema_migrations`. Then each of `seeds` runs once, in order, recorded the
 * same way.
 */
export async function migrate(
  db: Database,
  dir: string,
  seeds: readonly SeedFile[] = [],
): Promise<{ applied: string[] }> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const sqlFiles = (folder: string, prefix: string) =>
    fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => ({ name: `${prefix}${f}`, file: path.join(folder, f) }));
  const files: { name: string; file: string; with?: readonly string[] }[] = [
    ...sqlFiles(SHARED_MIGRATIONS_DIR, 'shared:'),
    ...sqlFiles(dir, ''),
    ...seeds.map((seed) => ({ ...seed, name: `seed:${path.basename(seed.file)}` })),
  ];

  const applied: string[] = [];
  for (const { name, file, with: shared = [] } of files) {
    const ran = await db.transaction(async (tx) => {
      // Requests get a statement timeout; a migration, a seed, or the wait for another
      // process's migrations on the same PostgreSQL may rightly take longer.
      await tx.exec('SET LOCAL statement_timeout = 0');
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.length > 0) return false;
      for (const before of shared) await tx.exec(fs.readFileSync(before, 'utf8'));
      await tx.exec(fs.readFileSync(file, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return { applied };
}
