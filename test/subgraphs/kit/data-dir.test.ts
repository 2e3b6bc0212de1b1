/**
 * Embedded PGlite on disk, as `npm start` keeps it under HUTONG_DATA_DIR: the
 * first start gives every subgraph a copy of one new cluster, made once however
 * many subgraphs open their database at the same moment, and a later start
 * finds each database as it was left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../subgraphs/kit/database';

describe('PGlite under a data folder', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-data-dir-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('gives subgraphs opening at once one cluster copied to each, kept across restarts', async () => {
    const names = ['payments', 'maps', 'food'];
    const first = await Promise.all(names.map((name) => openDatabase({ name, dataDir })));
    await Promise.all(
      first.map((db, i) =>
        db.exec(`CREATE TABLE mark (name text); INSERT INTO mark VALUES ('${names[i]}')`),
      ),
    );
    for (const db of first) await db.close();

    const clusters = fs.readdirSync(dataDir).filter((entry) => entry.startsWith('.empty-cluster'));
    expect(clusters).toHaveLength(1);
    expect(fs.existsSync(path.join(dataDir, clusters[0]!, 'PG_VERSION'))).toBe(true);

    for (const name of names) {
      const db = await openDatabase({ name, dataDir });
      try {
        // Each database is its own: it holds its own mark and nobody else's.
        expect(await db.query('SELECT name FROM mark')).toEqual([{ name }]);
      } finally {
        await db.close();
      }
    }
  });
});
