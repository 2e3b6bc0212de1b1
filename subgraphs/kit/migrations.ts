import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

/** Arbitrary but fixed: serialises migrations of several processes sharing one PostgreSQL. */
const MIGRATION_LOCK = 7_314_159;

/** Tables every subgraph has (idempotency keys), applied before a subgraph's own. */
export const SHARED_MIGRATIONS_DIR = path.join(__dirname, 'sql');

/**
 * Applies the shared migrations, then the `*.sql` files of `dir`, in name order,
 * each once, each in its own transaction, and records them in
 * `schema_migrations`. With `seedFile`, the seed runs once after the
 * migrations, recorded the same way.
 */
export async function migrate(
  db: Database,
  dir: string,
  seedFile?: string,
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
  const files = [...sqlFiles(SHARED_MIGRATIONS_DIR, 'shared:'), ...sqlFiles(dir, '')];
  if (seedFile) files.push({ name: `seed:${path.basename(seedFile)}`, file: seedFile });

  const applied: string[] = [];
  for (const { name, file } of files) {
    const ran = await db.transaction(async (tx) => {
      // Requests get a statement timeout; a migration, a seed, or the wait for another
      // process's migrations on the same PostgreSQL may rightly take longer.
      await tx.exec('SET LOCAL statement_timeout = 0');
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.length > 0) return false;
      await tx.exec(fs.readFileSync(file, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return { applied };
}
