/**
 * A field one subgraph adds to another's entity is fetched from it on its own
 * (`_entities`), after the owner has answered: when that subgraph is down, slow
 * or broken, the field comes back null. Declared non-null, that null would
 * take the whole entity with it, and up the lists above it the screen: one
 * store's posts could blank every store of a nearby search. So every field a
 * subgraph contributes to an entity it does not own must be nullable (its list
 * may keep non-null items: `[Post!]`, not `[Post!]!`), and composition fails,
 * naming each field, when one is not.
 *
 * The owner of an entity is the subgraph that makes it from nothing: the one
 * where its core fields live and that the others extend. An entity whose
 * fields beyond its key come from one subgraph only is that subgraph's; one
 * that several subgraphs add fields to names its owner below.
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type InterfaceTypeExtensionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  print,
} from 'graphql';

/** The owner of each entity that more than one subgraph adds fields to. */
export const ENTITY_OWNERS: Readonly<Record<string, string>> = {
  User: 'payments',
  Merchant: 'payments',
  Store: 'maps',
  FoodOrder: 'food',
  ShopOrder: 'commerce',
};

export interface SubgraphDocument {
  name: string;
  typeDefs: DocumentNode;
}

type EntityNode =
  | ObjectTypeDefinitionNode
  | ObjectTypeExtensionNode
  | InterfaceTypeDefinitionNode
  | InterfaceTypeExtensionNode;

const ENTITY_KINDS: ReadonlySet<string> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

/** The fields a subgraph resolves on an entity: neither part of a key nor `@external`. */
interface EntityInSubgraph {
  subgraph: string;
  fields: FieldDefinitionNode[];
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/** The top-level field names of a key's field set (`id`, or `id sku`, or `id owner { id }`). */
function topLevelKeyFields(fieldSet: string): string[] {
  const selection = parse(`{ ${fieldSet} }`).definitions[0];
  if (selection?.kind !== Kind.OPERATION_DEFINITION) return [];
  return selection.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : [],
  );
}

function entitiesOf(document: SubgraphDocument): Map<string, EntityInSubgraph> {
  const nodes = document.typeDefs.definitions.filter((d): d is EntityNode =>
    ENTITY_KINDS.has(d.kind),
  );
  const keyFields = new Map<string, Set<string>>();
  for (const node of nodes) {
    for (const directive of node.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = keyFields.get(node.name.value) ?? new Set<string>();
      for (const name of topLevelKeyFields(stringArgument(directive, 'fields') ?? ''))
        fields.add(name);
      keyFields.set(node.name.value, fields);
    }
  }
  const entities = new Map<string, EntityInSubgraph>();
  for (const node of nodes) {
    const keys = keyFields.get(node.name.value);
    if (!keys) continue;
    const entity = entities.get(node.name.value) ?? { subgraph: document.name, fields: [] };
    for (const field of node.fields ?? []) {
      if (keys.has(field.name.value)) continue;
      if (field.directives?.some((d) => d.name.value === 'external')) continue;
      entity.fields.push(field);
    }
    entities.set(node.name.value, entity);
  }
  return entities;
}

/**
 * Every non-null field a subgraph adds to an entity it does not own, and every
 * entity several subgraphs add fields to without a named owner; empty when the
 * graph degrades field by field.
 */
export function entityContributionErrors(
  subgraphs: readonly SubgraphDocument[],
  owners: Readonly<Record<string, string>> = ENTITY_OWNERS,
): Error[] {
  const byEntity = new Map<string, EntityInSubgraph[]>();
  for (const subgraph of subgraphs) {
    for (const [name, entity] of entitiesOf(subgraph)) {
      byEntity.set(name, [...(byEntity.get(name) ?? []), entity]);
    }
  }
  const errors: Error[] = [];
  for (const [entity, definitions] of [...byEntity].sort(([a], [b]) => a.localeCompare(b))) {
    const resolving = definitions.filter((d) => d.fields.length > 0);
    const owner = owners[entity];
    if (owner === undefined) {
      if (resolving.length <= 1) continue;
      errors.push(
        new Error(
          `${entity} gets fields from ${resolving.map((d) => d.subgraph).join(', ')}: name the ` +
            `subgraph that owns it in ENTITY_OWNERS (schema/entity-ownership.ts)`,
        ),
      );
      continue;
    }
    if (!definitions.some((d) => d.subgraph === owner)) {
      errors.push(new Error(`${entity}'s owner is ${owner}, which does not define it`));
      continue;
    }
    for (const contributor of resolving) {
      if (contributor.subgraph === owner) continue;
      for (const field of contributor.fields) {
        if (field.type.kind !== Kind.NON_NULL_TYPE) continue;
        errors.push(
          new Error(
            `${contributor.subgraph}: ${entity}.${field.name.value} is ${print(field.type)}, ` +
              `but ${entity} is owned by ${owner}: ` +
              `make it ${print(field.type.type)}, so that without ${contributor.subgraph} ` +
              `the field is null rather than the whole ${entity}`,
          ),
        );
      }
    }
  }
  return errors;
}
