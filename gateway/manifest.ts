/**
 * The persisted-operation manifest (schema/persisted-operations.json, written
 * by `npm run compose`): every operation the clients ship, by the sha256 of
 * its text. The gateway reloads it like the app registry (gateway/watched-source.ts)
 * and takes a new one only once it holds together: the apollo-persisted-query-manifest
 * shape, ids that are the hashes of their bodies, unique names, bodies of one
 * named operation each that validate against the API schema being served,
 * and every operation a registered app ships still there.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { z } from 'zod';
import type { Logger } from '../lib/logger';
import type { AppRegistry } from './apps';
import { watchSource, type WatchedSource } from './watched-source';

export interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

/** The operations by id. */
export type Manifest = ReadonlyMap<string, ManifestOperation>;

/** The manifest in use now, and word of each one that replaces it. */
export type ManifestSource = Pick<WatchedSource<Manifest>, 'current' | 'onChange'>;

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string(),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

export interface ManifestChecks {
  /** The API schema being served: each operation must validate against it. */
  schema?: GraphQLSchema | undefined;
  /** The registered apps: a manifest may not drop an operation one of them ships. */
  apps?: AppRegistry | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Why the operation cannot be served by `schema`, or nothing when it can. */
function schemaProblems(document: DocumentNode, schema: GraphQLSchema): string[] {
  return validate(schema, document, specifiedRules).map((error) => error.message);
}

/**
 * Reads a manifest, reporting every problem at once, each naming its
 * operation; throws when there is any.
 */
export function parseManifest(text: string, origin: string, checks: ManifestChecks = {}): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${origin}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new Error(
      `${origin} is not an apollo-persisted-query-manifest:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const problems: string[] = [];
  const manifest = new Map<string, ManifestOperation>();
  const names = new Set<string>();
  for (const operation of parsed.data.operations) {
    const { id, name, type, body } = operation;
    if (names.has(name)) problems.push(`${name}: the name is used twice`);
    names.add(name);
    if (id !== sha256(body)) problems.push(`${name}: its id is not the sha256 of its body`);
    else if (manifest.has(id))
      problems.push(`${name}: its body is also ${manifest.get(id)!.name}'s`);
    let document: DocumentNode;
    try {
      document = parse(body);
    } catch (error) {
      problems.push(`${name}: its body does not parse: ${(error as Error).message}`);
      continue;
    }
    const definitions = document.definitions.filter(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    const [only] = definitions;
    if (definitions.length !== 1 || !only) {
      problems.push(`${name}: its body holds ${definitions.length} operations, not one`);
      continue;
    }
    if (only.name?.value !== name)
      problems.push(`${name}: its body's operation is named ${only.name?.value ?? 'nothing'}`);
    if (only.operation !== type)
      problems.push(`${name}: its body is a ${only.operation}, not a ${type}`);
    if (checks.schema)
      for (const problem of schemaProblems(document, checks.schema))
        problems.push(`${name}: does not validate against the served schema: ${problem}`);
    manifest.set(id, { id, name, type, body });
  }
  for (const app of checks.apps?.all() ?? [])
    for (const shipped of app.operations)
      if (!names.has(shipped))
        problems.push(
          `${shipped}: dropped, but app ${app.id} ships it; remove it from the app's operations in the app registry first`,
        );
  if (problems.length > 0)
    throw new Error(
      `${origin} is not a valid persisted-operation manifest:\n  - ${problems.join('\n  - ')}`,
    );
  return manifest;
}

/** Reads a manifest file, checking its shape and operations but no schema or app. */
export function loadManifest(file: string): Manifest {
  return parseManifest(fs.readFileSync(file, 'utf8'), file);
}

/** The manifest's operations `schema` no longer serves, each with why. */
export function operationsInvalidFor(
  manifest: Manifest,
  schema: GraphQLSchema,
): { name: string; problems: string[] }[] {
  const invalid: { name: string; problems: string[] }[] = [];
  for (const operation of manifest.values()) {
    const problems = schemaProblems(parse(operation.body), schema);
    if (problems.length > 0) invalid.push({ name: operation.name, problems });
  }
  return invalid;
}

export interface ManifestWatchOptions {
  file: string;
  url: string | undefined;
  pollMs: number;
  /** The API schema being served; undefined before the first loads. */
  schema(): GraphQLSchema | undefined;
  /** The registered apps; undefined before they are read. */
  apps(): AppRegistry | undefined;
  log: Logger;
}

/**
 * The manifest, kept current. The first one is checked against no schema (none
 * is loaded yet) and no app registry (which is itself checked against it);
 * `servedSchemaChanged` reports what a supergraph then fails to serve.
 */
export async function watchManifest(
  options: ManifestWatchOptions,
): Promise<WatchedSource<Manifest>> {
  return watchSource({
    what: 'persisted-operation manifest',
    file: options.file,
    url: options.url,
    pollMs: options.pollMs,
    parse: (text, origin) =>
      parseManifest(text, origin, { schema: options.schema(), apps: options.apps() }),
    log: options.log,
  });
}

/**
 * A new supergraph is served whatever the manifest holds: refusing it would
 * hold back every other change for the sake of one screen, and an operation
 * it breaks fails for its client as it would have anyway. So the operations
 * it cannot serve are logged, by name, for someone to fix one or the other.
 */
export function servedSchemaChanged(manifest: Manifest, schema: GraphQLSchema, log: Logger): void {
  const invalid = operationsInvalidFor(manifest, schema);
  if (invalid.length === 0) return;
  log.warn(
    {
      operations: invalid.map((operation) => operation.name),
      problems: invalid.flatMap((operation) =>
        operation.problems.map((problem) => `${operation.name}: ${problem}`),
      ),
    },
    'persisted operations that do not validate against the served schema; they fail until the manifest or the schema is fixed',
  );
}
