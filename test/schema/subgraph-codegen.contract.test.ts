/**
 * Each subgraph's resolver types are generated, never edited: they equal what
 * `npm run codegen` makes of its schema.graphql and data/rows.ts now, so a
 * schema change the resolvers do not follow fails `tsc`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';

const ROOT = path.resolve(__dirname, '../..');

describe("the subgraphs' generated resolver types", () => {
  it('are what npm run codegen writes (run it after changing a schema or a row)', () => {
    // In a process of its own: GraphQL Code Generator loads ESM-only packages Jest cannot require.
    const check = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'schema/subgraph-codegen.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect({ status: check.status, output: `${check.stdout}${check.stderr}`.trim() }).toEqual({
      status: 0,
      output: SUBGRAPH_NAMES.flatMap((name) =>
        ['enums', 'resolvers-types'].map(
          (file) => `subgraphs/${name}/__generated__/${file}.ts is up to date with its schema`,
        ),
      ).join('\n'),
    });
  });
});
