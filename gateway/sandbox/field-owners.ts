/**
 * Which subgraph owns or contributes each type and field of the supergraph, as
 * the composition recorded it in the join spec's directives: `@join__type` on
 * every type a subgraph defines (with its keys), `@join__field` on the fields
 * only some of them resolve, `@join__enumValue` and `@join__unionMember` for
 * enum values and union members. Read through the Supergraph API, so renamed
 * join directives (`@link(as:)`) and `@inaccessible` elements are handled the way
 * the query planner handles them.
 */
import {
  joinIdentity,
  type Supergraph,
  type EnumType,
  type FieldDefinition,
  type InputFieldDefinition,
  type InputObjectType,
  type InterfaceType,
  type JoinFieldDirectiveArguments,
  type JoinTypeDirectiveArguments,
  type NamedType,
  type ObjectType,
  type UnionType,
} from '@apollo/federation-internals';
import type {
  FieldOwners,
  OwnedMember,
  OwnedType,
  OwnedTypeKind,
  TypeInSubgraph,
} from '../../lib/sandbox/settings';

interface JoinDirectiveNames {
  type: string;
  field: string;
  enumValue: string;
  unionMember: string;
}

function joinDirectiveNames(supergraph: Supergraph): JoinDirectiveNames {
  const join = supergraph.schema.coreFeatures?.getByIdentity(joinIdentity);
  if (!join) throw new Error('The supergraph does not link the join spec');
  return {
    type: join.directiveNameInSchema('type'),
    field: join.directiveNameInSchema('field'),
    enumValue: join.directiveNameInSchema('enumValue'),
    unionMember: join.directiveNameInSchema('unionMember'),
  };
}

const KINDS: Record<NamedType['kind'], OwnedTypeKind> = {
  ObjectType: 'OBJECT',
  InterfaceType: 'INTERFACE',
  UnionType: 'UNION',
  EnumType: 'ENUM',
  InputObjectType: 'INPUT_OBJECT',
  ScalarType: 'SCALAR',
};

export function readFieldOwners(supergraph: Supergraph): FieldOwners {
  const names = joinDirectiveNames(supergraph);
  const subgraphOfGraph = new Map(
    [...supergraph.subgraphNameToGraphEnumValue()].map(([name, graph]) => [graph, name]),
  );
  const subgraphOf = (graph: string | undefined): string | undefined =>
    graph === undefined ? undefined : (subgraphOfGraph.get(graph) ?? graph);

  const api = supergraph.apiSchema();
  const types: OwnedType[] = [];
  for (const apiType of api.types()) {
    if (apiType.isBuiltIn) continue;
    const type = supergraph.schema.type(apiType.name);
    if (!type) continue;
    const definitions = typeDefinitions(type, names.type, subgraphOf);
    const definers = [...new Set(definitions.map((d) => d.subgraph))];
    types.push({
      name: type.name,
      kind: KINDS[type.kind],
      subgraphs: definitions,
      members: membersOf(type, apiType, names, subgraphOf, definers),
    });
  }
  types.sort((a, b) => a.name.localeCompare(b.name));
  return { subgraphs: [...supergraph.subgraphNameToGraphEnumValue().keys()].sort(), types };
}

function typeDefinitions(
  type: NamedType,
  directive: string,
  subgraphOf: (graph: string | undefined) => string | undefined,
): TypeInSubgraph[] {
  const bySubgraph = new Map<string, TypeInSubgraph>();
  for (const application of type.appliedDirectivesOf<JoinTypeDirectiveArguments>(directive)) {
    const args = application.arguments();
    const subgraph = subgraphOf(args.graph)!;
    const definition = bySubgraph.get(subgraph) ?? { subgraph, keys: [], resolvable: false };
    if (args.key !== undefined) definition.keys.push(args.key);
    // Without a key the subgraph resolves the type wherever it returns it.
    if (args.key === undefined || args.resolvable !== false) definition.resolvable = true;
    bySubgraph.set(subgraph, definition);
  }
  return [...bySubgraph.values()];
}

function membersOf(
  type: NamedType,
  apiType: NamedType,
  names: JoinDirectiveNames,
  subgraphOf: (graph: string | undefined) => string | undefined,
  definers: string[],
): OwnedMember[] {
  switch (type.kind) {
    case 'ObjectType':
    case 'InterfaceType': {
      const apiFields = apiType as ObjectType | InterfaceType;
      return (type as ObjectType | InterfaceType)
        .fields()
        .filter((field) => apiFields.field(field.name) !== undefined)
        .map((field) => fieldMember(field, names.field, subgraphOf, definers));
    }
    case 'InputObjectType': {
      const apiFields = apiType as InputObjectType;
      return (type as InputObjectType)
        .fields()
        .filter((field) => apiFields.field(field.name) !== undefined)
        .map((field) => fieldMember(field, names.field, subgraphOf, definers));
    }
    case 'EnumType': {
      const apiValues = new Set((apiType as EnumType).values.map((value) => value.name));
      return (type as EnumType).values
        .filter((value) => apiValues.has(value.name))
        .map((value) => {
          const graphs = value
            .appliedDirectivesOf<{ graph: string }>(names.enumValue)
            .map((application) => subgraphOf(application.arguments().graph)!);
          return member(value.name, undefined, graphs.length > 0 ? graphs : definers);
        });
    }
    case 'UnionType': {
      const byMember = new Map<string, string[]>();
      for (const application of type.appliedDirectivesOf<{ graph: string; member: string }>(
        names.unionMember,
      )) {
        const { graph, member: memberName } = application.arguments();
        byMember.set(memberName, [...(byMember.get(memberName) ?? []), subgraphOf(graph)!]);
      }
      return (apiType as UnionType)
        .members()
        .map((unionMember) =>
          member(unionMember.type.name, undefined, byMember.get(unionMember.type.name) ?? definers),
        );
    }
    case 'ScalarType':
      return [];
  }
}

function member(name: string, type: string | undefined, subgraphs: string[]): OwnedMember {
  return {
    name,
    ...(type === undefined ? {} : { type }),
    subgraphs: [...new Set(subgraphs)],
    external: [],
    requires: [],
    overrides: [],
  };
}

/**
 * A field without `@join__field` is resolved by every subgraph defining its type;
 * with them, by the subgraphs they name, less those that only declare it
 * `@external` or whose definition was overridden.
 */
function fieldMember(
  field: FieldDefinition<ObjectType | InterfaceType> | InputFieldDefinition,
  directive: string,
  subgraphOf: (graph: string | undefined) => string | undefined,
  definers: string[],
): OwnedMember {
  const applications = field.appliedDirectivesOf<JoinFieldDirectiveArguments>(directive);
  const result = member(field.name, field.type?.toString(), []);
  const named = applications.filter((application) => application.arguments().graph !== undefined);
  if (named.length === 0) {
    result.subgraphs = [...definers];
    return result;
  }
  for (const application of named) {
    const args = application.arguments();
    const subgraph = subgraphOf(args.graph)!;
    if (args.external) {
      result.external.push(subgraph);
      continue;
    }
    if (args.usedOverridden) continue;
    result.subgraphs.push(subgraph);
    if (args.requires) result.requires.push({ subgraph, fields: args.requires });
    if (args.override) result.overrides.push({ subgraph, from: args.override });
  }
  result.subgraphs = [...new Set(result.subgraphs)];
  return result;
}
