/**
 * The schema pipeline: prints each subgraph's SDL from its code, composes them
 * into the supergraph and writes both under schema/. `--check` writes nothing
 * and fails when the committed files differ from what the code produces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { createHash } from 'node:crypto';
import {
  Kind,
  parse,
  print,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import { isRequired, SchemaRequirements, subgraphDirectiveNames } from '../lib/authorization';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../lib/config';
import { buildSchema } from '../subgraphs/kit/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { partialDataErrors } from './entity-ownership';

import { listClientOperationFiles } from '../lib/client-operations';
import { OPERATIONS_DIR, PERSISTED_OPERATIONS_FILE, SCHEMA_DIR, SUPERGRAPH_FILE } from './paths';

export { OPERATIONS_DIR, PERSISTED_OPERATIONS_FILE, SCHEMA_DIR, SUPERGRAPH_FILE };

export function defaultRoutingUrl(name: SubgraphName): string {
  return `http://localhost:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}

export interface ComposedSchemas {
  subgraphs: Record<SubgraphName, string>;
  supergraph: string;
}

export class CompositionError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(`Composition failed:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/** Prints every subgraph and composes them, with the routing URLs given (defaults otherwise). */
export function composeSchemas(
  routingUrls: Partial<Record<SubgraphName, string>> = {},
  overrides: Partial<Record<SubgraphName, string>> = {},
): ComposedSchemas {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = overrides[name] ?? printSubgraphSchema(buildSchema(SUBGRAPHS[name]));
  }
  const typeDefs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, parseSdl(subgraphs[name], name)]),
  ) as Record<SubgraphName, DocumentNode>;
  const unguarded = SUBGRAPH_NAMES.flatMap((name) =>
    unguardedFields(typeDefs[name]).map((field) => new Error(`${name}: ${field}`)),
  );
  if (unguarded.length > 0) throw new CompositionError(unguarded);
  const services = SUBGRAPH_NAMES.map((name) => ({
    name,
    url: routingUrls[name] ?? defaultRoutingUrl(name),
    typeDefs: typeDefs[name],
  }));
  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors);
  const contributionErrors = partialDataErrors(services);
  if (contributionErrors.length > 0) throw new CompositionError(contributionErrors);
  return { subgraphs, supergraph: result.supergraphSdl };
}

function parseSdl(sdl: string, name: string) {
  try {
    return parse(sdl);
  } catch (error) {
    throw new CompositionError([new Error(`${name}: ${(error as Error).message}`)]);
  }
}

const isPrivateHint = (directives: readonly ConstDirectiveNode[] | undefined) =>
  (directives ?? []).some(
    (directive) =>
      directive.name.value === 'cacheControl' &&
      directive.arguments?.some(
        (arg) => arg.name.value === 'scope' && valueFromASTUntyped(arg.value) === 'PRIVATE',
      ),
  );

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/**
 * What holds one user's data or changes it but asks for no user: every field
 * of a type cached PRIVATE, every field cached PRIVATE itself and every
 * mutation must carry `@authenticated` or `@requiresScopes`, on the field, on
 * its type or on the type it returns. Each as "Type.field and why".
 */
export function unguardedFields(typeDefs: DocumentNode): string[] {
  const requirements = SchemaRequirements.read(typeDefs, subgraphDirectiveNames(typeDefs));
  let mutationType = 'Mutation';
  const privateTypes = new Set<string>();
  const fields: { type: string; field: FieldDefinitionNode }[] = [];
  for (const definition of typeDefs.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      const mutation = definition.operationTypes?.find((op) => op.operation === 'mutation');
      if (mutation) mutationType = mutation.type.name.value;
    }
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    if (isPrivateHint(definition.directives)) privateTypes.add(definition.name.value);
    for (const field of definition.fields ?? [])
      fields.push({ type: definition.name.value, field });
  }
  const offences: string[] = [];
  for (const { type, field } of fields) {
    const coordinate = `${type}.${field.name.value}`;
    const why =
      type === mutationType
        ? 'is a mutation'
        : isPrivateHint(field.directives)
          ? 'is cached PRIVATE'
          : privateTypes.has(type)
            ? `is a field of ${type}, cached PRIVATE`
            : null;
    if (why === null) continue;
    const guarded = [type, coordinate, namedTypeOf(field.type)].some((c) =>
      isRequired(requirements.of(c)),
    );
    if (!guarded)
      offences.push(`${coordinate} ${why}, but carries neither @authenticated nor @requiresScopes`);
  }
  return offences;
}

export function subgraphSchemaFile(name: SubgraphName): string {
  return path.join(SCHEMA_DIR, `${name}.graphql`);
}

export interface PersistedOperation {
  /** sha256 of `body`, hex: what clients send instead of the text. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/**
 * The persisted-operation manifest (Apollo's manifest format) of the client
 * operations under schema/operations/: each operation printed canonically,
 * identified by the sha256 of that text.
 */
export function persistedOperationManifest(): string {
  const operations: PersistedOperation[] = [];
  for (const { relativePath: file, absolutePath } of listClientOperationFiles(OPERATIONS_DIR)) {
    const document = parse(fs.readFileSync(absolutePath, 'utf8'));
    const definitions = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    if (definitions.length !== 1 || !definitions[0]!.name) {
      throw new Error(`${file} must hold exactly one named operation`);
    }
    const body = print(document);
    operations.push({
      id: createHash('sha256').update(body).digest('hex'),
      name: definitions[0]!.name.value,
      type: definitions[0]!.operation,
      body,
    });
  }
  return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
}

/** The files `npm run compose` writes, with the content the code produces now. */
export function expectedFiles(): Map<string, string> {
  const composed = composeSchemas();
  const files = new Map<string, string>();
  for (const name of SUBGRAPH_NAMES) files.set(subgraphSchemaFile(name), composed.subgraphs[name]);
  files.set(SUPERGRAPH_FILE, composed.supergraph);
  files.set(PERSISTED_OPERATIONS_FILE, persistedOperationManifest());
  return files;
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`Usage: npm run compose [-- --check]

Prints each subgraph's SDL from its code into schema/<subgraph>.graphql,
composes them into schema/supergraph.graphql (routing URLs localhost:4001-4005)
and writes the persisted-operation manifest of schema/operations/ to
schema/persisted-operations.json.

  --check   write nothing; exit 1 if the committed files differ from the code`);
    return 0;
  }
  const check = argv.includes('--check');
  let files: Map<string, string>;
  try {
    files = expectedFiles();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  let drifted = 0;
  let written = 0;
  for (const [file, content] of files) {
    const relative = path.relative(process.cwd(), file);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      console.error(`${relative} is out of date: run npm run compose`);
      drifted++;
    } else {
      fs.writeFileSync(file, content);
      written++;
      console.log(`wrote ${relative}`);
    }
  }
  if (drifted === 0 && written === 0) console.log('schema/ is up to date with the subgraphs');
  return drifted > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
