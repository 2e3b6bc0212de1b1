/**
 * The client operations of schema/operations/, as the sandbox preloads them:
 * each file's text (comments included, for the reader) with variables to run it
 * on the seed data straight away.
 */
import { randomUUID } from 'node:crypto';
import { listClientOperationFiles } from '../../lib/client-operations';
import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { SandboxOperation } from '../../lib/sandbox/settings';

/**
 * Values for variables by name, from the seed data: it is arranged around West
 * Lake's Hubin shore, where Starbucks in77 is. One idempotency key per gateway
 * start, so that running a mutation again shows it replaying its first answer.
 */
const EXAMPLE_VALUES: Record<string, unknown> = {
  lat: 30.2575,
  lng: 120.1655,
  storeId: 'store-starbucks-in77',
  // At Starbucks in77's door: an arrival counts within 100 m of the store.
  at: { lat: 30.2577, lng: 120.1649 },
  idempotencyKey: `sandbox-${randomUUID()}`,
};

/** A placeholder of the right type for a required variable without an example. */
function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  switch (type.name.value) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'String':
    case 'ID':
      return '';
    default:
      return null;
  }
}

function exampleVariables(definitions: readonly VariableDefinitionNode[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (name in EXAMPLE_VALUES) variables[name] = EXAMPLE_VALUES[name];
    else if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue)
      variables[name] = placeholder(definition.type);
  }
  return variables;
}

/** The sandbox opens on the query the platform exists for; the others follow by name. */
const OPENING_OPERATION = 'MiniProgramHome.graphql';

export function readSandboxOperations(dir: string): SandboxOperation[] {
  return listClientOperationFiles(dir)
    .map((file) => file.absolutePath)
    .sort(
      (a, b) =>
        Number(path.basename(b) === OPENING_OPERATION) -
          Number(path.basename(a) === OPENING_OPERATION) || 0,
    )
    .map((file) => {
      const body = fs.readFileSync(file, 'utf8');
      const operation = parse(body).definitions.find(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION,
      );
      return {
        name: operation?.name?.value ?? path.basename(file, '.graphql'),
        body,
        variables: exampleVariables(operation?.variableDefinitions ?? []),
      };
    });
}
