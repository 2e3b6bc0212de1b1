import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// `npm run deps:check` runs dependency-cruiser with test/dependency-rules.cjs. Here the same
// command runs on a small tree of its own, so the rules are seen to refuse what they name and to
// let the project's ordinary imports through.
const ROOT = path.resolve(__dirname, '../..');
const RULES = path.join(ROOT, 'test/dependency-rules.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(files: Record<string, string>): Violation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-deps-'));
  try {
    const tree: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'fixture', private: true }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true },
      }),
      ...files,
    };
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))];
    const run = spawnSync(
      process.execPath,
      [DEPCRUISE, '--config', RULES, '--output-type', 'json', ...folders],
      { cwd: dir, encoding: 'utf8' },
    );
    if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
    return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const broken = (violations: Violation[]) =>
  violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();

describe('the dependency rules', () => {
  it('refuse lib/ importing the gateway, a subgraph importing another, and a circle of types', () => {
    // A circle is reported once, at its first module.
    const violations = cruise({
      'lib/metrics.ts': "import { serve } from '../gateway/server';\nexport const m = serve;\n",
      'gateway/server.ts': 'export const serve = 1;\n',
      'subgraphs/food/orders.ts':
        "import { store } from '../maps/stores';\nimport { db } from '../kit/database';\nimport { menu } from './menu';\nexport const o = [store, db, menu];\n",
      'subgraphs/food/menu.ts': 'export const menu = 1;\n',
      'subgraphs/maps/stores.ts': 'export const store = 1;\n',
      'subgraphs/kit/database.ts':
        "import type { Row } from './rows';\nexport type Db = { row: Row };\nexport const db = 1;\n",
      'subgraphs/kit/rows.ts':
        "import type { Db } from './database';\nexport type Row = { db: Db };\n",
    });
    expect(broken(violations)).toEqual([
      'lib-imports-no-side: lib/metrics.ts → gateway/server.ts',
      'no-circular: subgraphs/kit/database.ts → subgraphs/kit/rows.ts',
      'subgraph-imports-no-other-subgraph: subgraphs/food/orders.ts → subgraphs/maps/stores.ts',
    ]);
  });

  it('let through the layering as it is meant: lib/ below both sides, the kit below every subgraph', () => {
    const violations = cruise({
      'lib/errors.ts': 'export const code = 1;\n',
      'gateway/server.ts':
        "import { code } from '../lib/errors';\nimport { client } from '../schema/client/index';\nexport const s = [code, client];\n",
      'schema/client/index.ts': 'export const client = 1;\n',
      'subgraphs/food/orders.ts':
        "import { code } from '../../lib/errors';\nimport { db } from '../kit/database';\nexport const o = [code, db];\n",
      'subgraphs/kit/database.ts':
        "import { code } from '../../lib/errors';\nexport const db = code;\n",
      'test/food.unit.test.ts':
        "import { o } from '../subgraphs/food/orders';\nexport const t = o;\n",
    });
    expect(broken(violations)).toEqual([]);
  });
});
