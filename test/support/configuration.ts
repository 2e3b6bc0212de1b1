import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';

/** Where the services read the environment: each its own, on what all share. */
export const CONFIGURATION_READERS = [
  'lib/config.ts',
  'gateway/config.ts',
  'subgraphs/kit/config.ts',
];

/** The source of every configuration reader, for tests that check docs and manifests against it. */
export function configurationSource(): string {
  return CONFIGURATION_READERS.map((file) =>
    fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'),
  ).join('\n');
}
