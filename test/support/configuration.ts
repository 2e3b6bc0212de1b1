import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';

/**
 * Where the services declare and read their settings: each its own, on what all
 * share, and every gateway feature its own (gateway/features/).
 */
export const CONFIGURATION_READERS = [
  'lib/config.ts',
  'gateway/config.ts',
  'subgraphs/kit/config.ts',
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'gateway/features'))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => `gateway/features/${file}`),
];

/** The source of every configuration reader, for tests that check docs and manifests against it. */
export function configurationSource(): string {
  return CONFIGURATION_READERS.map((file) =>
    fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'),
  ).join('\n');
}
