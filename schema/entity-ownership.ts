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
 * The same holds the other way round: a field whose value is another
 * subgraph's entity (`Store.merchant`, `FoodOrder.store`, `Post.author`) only
 * holds its key; the owner fills in the rest in a fetch of its own. When the
 * owner cannot answer, the gateway leaves that fetch's fields out, and a
 * non-null one among them (`Merchant.name`) nulls the entity, then each
 * non-null field and list item above it: one merchant's name blanked every
 * store of a nearby search. So such a reference must be nullable, and so must
 * its list's items (`[Store]`, not `[Store!]`): the owner answers for each item
 * on its own, and the one it cannot answer (or no longer knows) is null, not
 * the list.
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
  type TypeNode,
} from 'graphql';

/** The owner of each entity that more than one subgraph adds fields to. */
export const ENTITY_OWNERS: Readonly<Record<string, string>> = {
  User: 'payments',
  Merchant: 'payments',
  Store: 'maps',
  FoodOrder: 'food',
  ShopOrder: 'commerce',
  Coupon: 'commerce',
  Brand: 'commerce',
};

export interface SubgraphDocument {
  name: string;
  typeDefs: DocumentNode;
}

type CompositeNode =
  | ObjectTypeDefinitionNode
  | ObjectTypeExtensionNode
  | InterfaceTypeDefinitionNode
  | InterfaceTypeExtensionNode;

const COMPOSITE_KINDS: ReadonlySet<string> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

/** The fields a subgraph resolves on an entity: neither part of a key nor `@external`. */
interface EntityInSubgraph {
  subgraph: string;
  keyFields: ReadonlySet<string>;
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

const isExternal = (field: FieldDefinitionNode) =>
  field.directives?.some((d) => d.name.value === 'external') ?? false;

function compositeNodesOf(document: SubgraphDocument): CompositeNode[] {
  return document.typeDefs.definitions.filter((d): d is CompositeNode =>
    COMPOSITE_KINDS.has(d.kind),
  );
}

function entitiesOf(document: SubgraphDocument): Map<string, EntityInSubgraph> {
  const nodes = compositeNodesOf(document);
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
    const entity = entities.get(node.name.value) ?? {
      subgraph: document.name,
      keyFields: keys,
      fields: [],
    };
    for (const field of node.fields ?? []) {
      if (keys.has(field.name.value) || isExternal(field)) continue;
      entity.fields.push(field);
    }
    entities.set(node.name.value, entity);
  }
  return entities;
}

/** Each entity's definitions, by subgraph, in the order of the subgraphs. */
function entityDefinitions(
  subgraphs: readonly SubgraphDocument[],
): Map<string, EntityInSubgraph[]> {
  const byEntity = new Map<string, EntityInSubgraph[]>();
  for (const subgraph of subgraphs) {
    for (const [name, entity] of entitiesOf(subgraph)) {
      byEntity.set(name, [...(byEntity.get(name) ?? []), entity]);
    }
  }
  return byEntity;
}

/** The subgraph that owns an entity: the named one, or the only one adding fields beyond its key. */
function ownerOf(
  entity: string,
  definitions: readonly EntityInSubgraph[],
  owners: Readonly<Record<string, string>>,
): string | undefined {
  const named = owners[entity];
  if (named !== undefined) return named;
  const resolving = definitions.filter((d) => d.fields.length > 0);
  return resolving.length === 1 ? resolving[0]!.subgraph : undefined;
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
  const byEntity = entityDefinitions(subgraphs);
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

/** A field of one subgraph whose value is an entity another subgraph fills in. */
export interface EntityReference {
  /** The subgraph that resolves the field. */
  subgraph: string;
  /** `Type.field`, as in the schema. */
  coordinate: string;
  type: TypeNode;
  entity: string;
  owner: string;
  /** The owner's non-null fields on the entity that the field's subgraph cannot answer itself. */
  ownerFields: string[];
}

/** The type with every `!` taken off: what a reference may be. */
function withoutNonNull(type: TypeNode): TypeNode {
  if (type.kind === Kind.NON_NULL_TYPE) return withoutNonNull(type.type);
  if (type.kind === Kind.LIST_TYPE) return { ...type, type: withoutNonNull(type.type) };
  return type;
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/** The object types a value of the named type may be, as one subgraph declares them. */
function possibleTypes(document: SubgraphDocument, name: string): string[] {
  const possible = new Set<string>([name]);
  for (const definition of document.typeDefs.definitions) {
    if (
      (definition.kind === Kind.UNION_TYPE_DEFINITION ||
        definition.kind === Kind.UNION_TYPE_EXTENSION) &&
      definition.name.value === name
    ) {
      for (const member of definition.types ?? []) possible.add(member.name.value);
    }
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.interfaces?.some((i) => i.name.value === name)
    ) {
      possible.add(definition.name.value);
    }
  }
  return [...possible];
}

/**
 * Every field, in any subgraph, whose value is (or may be) an entity owned by
 * another subgraph with non-null fields of its own: the fields whose value the
 * gateway completes from a second subgraph.
 */
export function entityReferences(
  subgraphs: readonly SubgraphDocument[],
  owners: Readonly<Record<string, string>> = ENTITY_OWNERS,
): EntityReference[] {
  const byEntity = entityDefinitions(subgraphs);
  const references: EntityReference[] = [];
  for (const subgraph of subgraphs) {
    for (const node of compositeNodesOf(subgraph)) {
      for (const field of node.fields ?? []) {
        if (isExternal(field)) continue;
        for (const entity of possibleTypes(subgraph, namedTypeOf(field.type))) {
          const definitions = byEntity.get(entity);
          if (!definitions) continue;
          const owner = ownerOf(entity, definitions, owners);
          if (owner === undefined || owner === subgraph.name) continue;
          const own = definitions.find((d) => d.subgraph === subgraph.name);
          const answeredHere = new Set([
            ...(own?.keyFields ?? []),
            ...(own?.fields.map((f) => f.name.value) ?? []),
          ]);
          const ownerFields = (definitions.find((d) => d.subgraph === owner)?.fields ?? [])
            .filter((f) => f.type.kind === Kind.NON_NULL_TYPE && !answeredHere.has(f.name.value))
            .map((f) => f.name.value);
          if (ownerFields.length === 0) continue;
          references.push({
            subgraph: subgraph.name,
            coordinate: `${node.name.value}.${field.name.value}`,
            type: field.type,
            entity,
            owner,
            ownerFields,
          });
        }
      }
    }
  }
  return references;
}

/**
 * Every reference to another subgraph's entity that is non-null, or whose list
 * items are; empty when an entity its owner cannot answer nulls only itself.
 */
export function entityReferenceErrors(
  subgraphs: readonly SubgraphDocument[],
  owners: Readonly<Record<string, string>> = ENTITY_OWNERS,
): Error[] {
  return entityReferences(subgraphs, owners).flatMap((reference) => {
    const declared = print(reference.type);
    const nullable = print(withoutNonNull(reference.type));
    if (declared === nullable) return [];
    const [parent] = reference.coordinate.split('.');
    const lost =
      reference.type.kind === Kind.NON_NULL_TYPE ? `the whole ${parent}` : 'the whole list';
    const fields =
      reference.ownerFields.slice(0, 3).join(', ') +
      (reference.ownerFields.length > 3 ? ', ...' : '');
    return [
      new Error(
        `${reference.subgraph}: ${reference.coordinate} is ${declared}, but ${reference.owner} ` +
          `fills in ${reference.entity} (${fields}): make it ${nullable}, so that a ` +
          `${reference.entity} ${reference.owner} cannot answer is null rather than ${lost}`,
      ),
    ];
  });
}

/**
 * Every root field declared non-null. An operation's root fields often come
 * from several subgraphs (a screen's topics from social, its areas from maps);
 * a non-null one that its subgraph cannot answer nulls `data` itself, and the
 * other subgraphs' fields with it. A mutation's null would also hide that the
 * operation's other mutations were made. So root fields are nullable; a list
 * may keep non-null items.
 */
export function rootFieldErrors(subgraphs: readonly SubgraphDocument[]): Error[] {
  return subgraphs.flatMap(({ name, typeDefs }) =>
    typeDefs.definitions.flatMap((definition) => {
      if (
        (definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
          definition.kind !== Kind.OBJECT_TYPE_EXTENSION) ||
        !['Query', 'Mutation', 'Subscription'].includes(definition.name.value)
      )
        return [];
      return (definition.fields ?? [])
        .filter((field) => field.type.kind === Kind.NON_NULL_TYPE)
        .map(
          (field) =>
            new Error(
              `${name}: ${definition.name.value}.${field.name.value} is ${print(field.type)}: ` +
                `make it ${print(field.type.kind === Kind.NON_NULL_TYPE ? field.type.type : field.type)}, ` +
                `so that when ${name} cannot answer, the operation keeps the other subgraphs' fields`,
            ),
        );
    }),
  );
}

/**
 * What composition refuses besides the composer's own errors: every field
 * whose null, when one subgraph cannot answer, would take more than itself.
 */
export function partialDataErrors(
  subgraphs: readonly SubgraphDocument[],
  owners: Readonly<Record<string, string>> = ENTITY_OWNERS,
): Error[] {
  return [
    ...entityContributionErrors(subgraphs, owners),
    ...entityReferenceErrors(subgraphs, owners),
    ...rootFieldErrors(subgraphs),
  ];
}
