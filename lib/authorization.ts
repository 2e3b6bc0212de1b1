/**
 * Authorization in the schema: Apollo's `@authenticated` and `@requiresScopes`
 * on the fields and types that hold one user's data or change it, read from a
 * subgraph's SDL or from the supergraph, and checked against a request's
 * Caller. The gateway removes what a caller may not see before it plans
 * (gateway/authorization.ts); every subgraph checks the same directives again
 * at the field (`enforceAuthorization`), so a request that reaches it some
 * other way is refused too.
 *
 * A field asks for what its own directives, its parent type's and its return
 * type's say, all at once; a field returning an interface or a union also asks
 * for what each of their object types says, and a field selected on an
 * interface for what each implementation's field says. `@requiresScopes` takes
 * alternatives: the caller must hold every scope of at least one of them.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  isUnionType,
  Kind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, fieldDenied } from './errors';
import { ANONYMOUS, type Caller } from './identity';

export interface Requirement {
  readonly signedIn: boolean;
  /**
   * Alternatives, each a set of scopes the caller must hold together; null
   * when no scope is asked. Any scope also asks for a signed-in user.
   */
  readonly anyOf: readonly (readonly string[])[] | null;
}

export const NOTHING_REQUIRED: Requirement = Object.freeze({ signedIn: false, anyOf: null });

export function isRequired(requirement: Requirement): boolean {
  return requirement.signedIn || requirement.anyOf !== null;
}

/** Both at once: (A or B) and (C or D) is AC or AD or BC or BD, without redundant alternatives. */
export function allOf(a: Requirement, b: Requirement): Requirement {
  if (!isRequired(b)) return a;
  if (!isRequired(a)) return b;
  let anyOf: readonly (readonly string[])[] | null;
  if (a.anyOf === null) anyOf = b.anyOf;
  else if (b.anyOf === null) anyOf = a.anyOf;
  else {
    const right = b.anyOf;
    anyOf = minimalAlternatives(
      a.anyOf.flatMap((left) => right.map((other) => [...new Set([...left, ...other])].sort())),
    );
  }
  return { signedIn: a.signedIn || b.signedIn, anyOf };
}

/** Drops an alternative that holds another one whole: whoever satisfies it satisfies the other. */
function minimalAlternatives(groups: (readonly string[])[]): (readonly string[])[] {
  const kept: (readonly string[])[] = [];
  const bySize = [...groups].sort((x, y) => x.length - y.length);
  for (const group of bySize) {
    if (!kept.some((smaller) => smaller.every((scope) => group.includes(scope)))) kept.push(group);
  }
  return kept;
}

export interface Denial {
  code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN;
  /** What is missing, to follow the field's coordinate: "requires the scope orders". */
  reason: string;
}

/** Why the caller may not have what the requirement guards; null when they may. */
export function denialOf(requirement: Requirement, caller: Caller): Denial | null {
  if (!isRequired(requirement)) return null;
  if (caller.userId === null) {
    return { code: ErrorCode.UNAUTHENTICATED, reason: 'requires a signed-in user' };
  }
  const { anyOf } = requirement;
  if (anyOf === null) return null;
  const held = (scope: string) => (caller.scopes as ReadonlySet<string>).has(scope);
  if (anyOf.some((group) => group.every(held))) return null;
  if (anyOf.length === 0) return { code: ErrorCode.FORBIDDEN, reason: 'is open to no scope' };
  // The alternatives the caller is closest to: what granting the fewest scopes would open.
  const lacking = anyOf.map((group) => group.filter((scope) => !held(scope)));
  const fewest = Math.min(...lacking.map((group) => group.length));
  const missing = lacking.filter((group) => group.length === fewest);
  const several = missing.some((group) => group.length > 1);
  return {
    code: ErrorCode.FORBIDDEN,
    reason: `requires the scope${several ? 's' : ''} ${missing.map((g) => g.join(' and ')).join(' or ')}`,
  };
}

/**
 * Callers that the directives cannot tell apart: the same class is allowed and
 * refused the same fields, whoever the user is.
 */
export function authorizationClass(caller: Caller): string {
  return `${caller.userId === null ? 'anonymous' : 'user'}:${[...caller.scopes].sort().join(' ')}`;
}

export interface DirectiveNames {
  authenticated: string | null;
  requiresScopes: string | null;
}

const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/;
const AUTHENTICATED_SPEC = /^https:\/\/specs\.apollo\.dev\/authenticated\/v0\.\d+$/;
const REQUIRES_SCOPES_SPEC = /^https:\/\/specs\.apollo\.dev\/requiresScopes\/v0\.\d+$/;

interface Link {
  url: string;
  as: string | null;
  /** Imported name (with its @) → the name it has in this schema. */
  imports: Map<string, string>;
}

function linksOf(document: DocumentNode): Link[] {
  const links: Link[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION)
      continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = Object.fromEntries(
        (directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
      ) as { url?: unknown; as?: unknown; import?: unknown };
      if (typeof args.url !== 'string') continue;
      const imports = new Map<string, string>();
      for (const item of Array.isArray(args.import) ? args.import : []) {
        if (typeof item === 'string') imports.set(item, item);
        else if (item && typeof item.name === 'string')
          imports.set(item.name, typeof item.as === 'string' ? item.as : item.name);
      }
      links.push({ url: args.url, as: typeof args.as === 'string' ? args.as : null, imports });
    }
  }
  return links;
}

/** The names a subgraph gives the directives: as its federation `@link` imports them, or prefixed. */
export function subgraphDirectiveNames(typeDefs: DocumentNode): DirectiveNames {
  const federation = linksOf(typeDefs).find((link) => FEDERATION_SPEC.test(link.url));
  if (!federation) return { authenticated: null, requiresScopes: null };
  const nameOf = (directive: string) =>
    (
      federation.imports.get(`@${directive}`) ?? `@${federation.as ?? 'federation'}__${directive}`
    ).replace(/^@/, '');
  return { authenticated: nameOf('authenticated'), requiresScopes: nameOf('requiresScopes') };
}

/** The names the supergraph gives them: each has a `@link` of its own (`as` renames it). */
export function supergraphDirectiveNames(supergraph: DocumentNode): DirectiveNames {
  const links = linksOf(supergraph);
  const nameOf = (spec: RegExp, directive: string) => {
    const link = links.find((l) => spec.test(l.url));
    return link ? (link.as ?? directive) : null;
  };
  return {
    authenticated: nameOf(AUTHENTICATED_SPEC, 'authenticated'),
    requiresScopes: nameOf(REQUIRES_SCOPES_SPEC, 'requiresScopes'),
  };
}

/** What the directives in one list (a field's, a type's) ask for. */
export function requirementOf(
  directives: readonly ConstDirectiveNode[] | undefined,
  names: DirectiveNames,
): Requirement {
  let requirement = NOTHING_REQUIRED;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === names.authenticated) {
      requirement = allOf(requirement, { signedIn: true, anyOf: null });
    } else if (name === names.requiresScopes) {
      const scopes = directive.arguments?.find((arg) => arg.name.value === 'scopes');
      const value: unknown = scopes ? valueFromASTUntyped(scopes.value) : [];
      const anyOf = Array.isArray(value)
        ? value.map((group: unknown) =>
            (Array.isArray(group) ? group : [group]).filter(
              (scope): scope is string => typeof scope === 'string',
            ),
          )
        : [];
      requirement = allOf(requirement, { signedIn: true, anyOf });
    }
  }
  return requirement;
}

type FieldsDefinition = Extract<DefinitionNode, { fields?: readonly FieldDefinitionNode[] }>;

function isTypeDefinitionOrExtension(definition: DefinitionNode): definition is Extract<
  DefinitionNode,
  { name: { value: string } }
> & {
  directives?: readonly ConstDirectiveNode[];
} {
  return isTypeDefinitionNode(definition) || isTypeExtensionNode(definition);
}

function hasFields(definition: DefinitionNode): definition is FieldsDefinition {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_EXTENSION
  );
}

/**
 * The directives of one SDL (a subgraph's or the supergraph), by schema
 * coordinate: `Type` and `Type.field`. What a selection asks for is worked
 * out against a GraphQL schema once per field and kept.
 */
export class SchemaRequirements {
  private readonly byField = new WeakMap<GraphQLSchema, Map<string, Requirement>>();

  private constructor(private readonly byCoordinate: ReadonlyMap<string, Requirement>) {}

  static read(document: DocumentNode, names: DirectiveNames): SchemaRequirements {
    const byCoordinate = new Map<string, Requirement>();
    const add = (coordinate: string, requirement: Requirement) => {
      if (!isRequired(requirement)) return;
      byCoordinate.set(
        coordinate,
        allOf(byCoordinate.get(coordinate) ?? NOTHING_REQUIRED, requirement),
      );
    };
    if (names.authenticated !== null || names.requiresScopes !== null) {
      for (const definition of document.definitions) {
        if (!isTypeDefinitionOrExtension(definition)) continue;
        const typeName = definition.name.value;
        add(typeName, requirementOf(definition.directives, names));
        if (!hasFields(definition)) continue;
        for (const field of definition.fields ?? [])
          add(`${typeName}.${field.name.value}`, requirementOf(field.directives, names));
      }
    }
    return new SchemaRequirements(byCoordinate);
  }

  /** No field or type of the schema asks for anything. */
  get isEmpty(): boolean {
    return this.byCoordinate.size === 0;
  }

  /** What a type's or a field's own directives ask for. */
  of(coordinate: string): Requirement {
    return this.byCoordinate.get(coordinate) ?? NOTHING_REQUIRED;
  }

  /** What selecting `fieldName` on `parent` asks for (see the top of this file). */
  forField(schema: GraphQLSchema, parent: GraphQLCompositeType, fieldName: string): Requirement {
    let known = this.byField.get(schema);
    if (!known) this.byField.set(schema, (known = new Map()));
    const coordinate = `${parent.name}.${fieldName}`;
    let requirement = known.get(coordinate);
    if (requirement === undefined) {
      requirement = this.workOut(schema, parent, fieldName);
      known.set(coordinate, requirement);
    }
    return requirement;
  }

  /** What resolving an entity of this type by reference asks for. */
  forEntity(type: GraphQLObjectType): Requirement {
    return type
      .getInterfaces()
      .reduce((requirement, i) => allOf(requirement, this.of(i.name)), this.of(type.name));
  }

  private workOut(
    schema: GraphQLSchema,
    parent: GraphQLCompositeType,
    fieldName: string,
  ): Requirement {
    let requirement = allOf(this.of(parent.name), this.of(`${parent.name}.${fieldName}`));
    if (isAbstractType(parent)) {
      for (const type of schema.getPossibleTypes(parent))
        requirement = allOf(requirement, this.of(`${type.name}.${fieldName}`));
    }
    if (isUnionType(parent)) return requirement;
    const definition = parent.getFields()[fieldName];
    if (!definition) return requirement;
    const returned = getNamedType(definition.type);
    requirement = allOf(requirement, this.of(returned.name));
    if (isAbstractType(returned)) {
      for (const type of schema.getPossibleTypes(returned))
        requirement = allOf(requirement, this.of(type.name));
    }
    return requirement;
  }
}

export function callerOf(context: unknown): Caller {
  return (context as { caller?: Caller } | undefined)?.caller ?? ANONYMOUS;
}

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

interface EntityExtensions {
  apollo?: {
    subgraph?: {
      resolveReference?: (reference: unknown, context: unknown, info: unknown) => unknown;
    };
  };
}

/**
 * Guards a subgraph's schema in place: each field whose selection asks for
 * something checks the request's caller before its resolver runs (a mutation
 * that is refused writes nothing), and so does each `__resolveReference` of a
 * type that asks for something. Refusals are UNAUTHENTICATED or FORBIDDEN
 * errors at the field, naming what is missing.
 */
export function enforceAuthorization(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const requirements = SchemaRequirements.read(typeDefs, subgraphDirectiveNames(typeDefs));
  if (requirements.isEmpty) return schema;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // Federation's own: each entity is guarded by its type's __resolveReference instead.
      if (type === schema.getQueryType() && FEDERATION_FIELDS.has(field.name)) continue;
      const requirement = requirements.forField(schema, type, field.name);
      if (!isRequired(requirement)) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        const denial = denialOf(requirement, callerOf(context));
        if (denial) throw fieldDenied(denial.code, `${coordinate} ${denial.reason}`);
        return resolve(source, args, context, info);
      };
    }
    const entity = requirements.forEntity(type);
    if (!isRequired(entity)) continue;
    const extensions = type.extensions as EntityExtensions;
    const resolveReference = extensions.apollo?.subgraph?.resolveReference;
    type.extensions = {
      ...type.extensions,
      apollo: {
        ...extensions.apollo,
        subgraph: {
          ...extensions.apollo?.subgraph,
          resolveReference: (reference: unknown, context: unknown, info: unknown) => {
            const denial = denialOf(entity, callerOf(context));
            // A rejection fails this representation only, not the whole _entities list.
            if (denial)
              return Promise.reject(fieldDenied(denial.code, `${type.name} ${denial.reason}`));
            return resolveReference ? resolveReference(reference, context, info) : reference;
          },
        },
      },
    };
  }
  return schema;
}
