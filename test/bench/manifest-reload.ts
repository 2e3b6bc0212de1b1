/**
 * How long a new persisted operation takes to be served after its manifest is
 * saved (the file-watch path): the graph in process, the manifest a temporary
 * copy, each round saving a manifest with one more operation and asking for it
 * until it answers. `MANIFEST_ROUNDS` rounds (10).
 *
 *   npm run bench:manifest
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { startGraph } from '../support/harness';

const ROUNDS = Number(process.env.MANIFEST_ROUNDS ?? 10);
const committed = JSON.parse(fs.readFileSync(PERSISTED_OPERATIONS_FILE, 'utf8')) as {
  operations: object[];
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-manifest-bench-'));
  const file = path.join(dir, 'persisted-operations.json');
  const operations = [...committed.operations];
  const save = () => {
    const text = JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations,
    });
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  };
  save();
  const graph = await startGraph({ gatewayEnv: { HUTONG_PERSISTED_OPERATIONS: file } });
  const served = async (id: string) => {
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
    return ((await response.json()) as { errors?: unknown }).errors === undefined;
  };
  const times: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const body = `query Round${round} {\n  trendingTopics(first: ${round}) {\n    id\n  }\n}`;
      operations.push({ id: sha256(body), name: `Round${round}`, type: 'query', body });
      const saved = performance.now();
      save();
      while (!(await served(sha256(body)))) await new Promise((resolve) => setTimeout(resolve, 2));
      times.push(performance.now() - saved);
    }
  } finally {
    await graph.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  console.log(
    `save to served, ${ROUNDS} rounds: min ${at(0).toFixed(0)} ms, median ${at(0.5).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
