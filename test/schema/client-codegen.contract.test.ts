/**
 * The client's generated types are generated, never edited: they equal what
 * `npm run codegen` makes of schema/operations/ and the supergraph now, and
 * each operation's constant carries the id the persisted manifest gives it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as client from '../../schema/client/index';
import { PERSISTED_OPERATIONS_FILE, type PersistedOperation } from '../../schema/compose';

const ROOT = path.resolve(__dirname, '../..');

describe('the generated client types', () => {
  it('are what npm run codegen writes (run it after changing an operation or the schema)', () => {
    // In a process of its own: GraphQL Code Generator loads ESM-only packages Jest cannot require.
    const check = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'schema/client-codegen.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect({ status: check.status, output: `${check.stdout}${check.stderr}`.trim() }).toEqual({
      status: 0,
      output: 'schema/client/generated/operations.ts is up to date with schema/operations/',
    });
  });

  it('send every operation by the id of the committed manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(PERSISTED_OPERATIONS_FILE, 'utf8')) as {
      operations: PersistedOperation[];
    };
    for (const operation of manifest.operations) {
      expect(client[operation.name as keyof typeof client]).toEqual({
        id: operation.id,
        name: operation.name,
        type: operation.type,
      });
    }
  });
});
