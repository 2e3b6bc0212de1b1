/**
 * Where the schema pipeline's files live. Kept apart from compose.ts so that
 * the gateway can find them without loading composition and every subgraph.
 */
import path from 'node:path';

export const SCHEMA_DIR = __dirname;
export const SUPERGRAPH_FILE = path.join(SCHEMA_DIR, 'supergraph.graphql');
export const OPERATIONS_DIR = path.join(SCHEMA_DIR, 'operations');
export const PERSISTED_OPERATIONS_FILE = path.join(SCHEMA_DIR, 'persisted-operations.json');
export const APPS_FILE = path.join(SCHEMA_DIR, 'apps.yaml');
