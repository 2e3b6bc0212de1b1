/**
 * Authorization before planning, as Apollo Router does it. The supergraph
 * carries the subgraphs' `@authenticated` and `@requiresScopes`; before an
 * operation is planned, every field the request's caller may not see is
 * removed from it, so no subgraph is asked for it (a refused mutation is never
 * sent). The rest of the operation runs, and each removed field comes back as
 * null with an error at its path: UNAUTHENTICATED when there is no signed-in
 * user, FORBIDDEN naming the scope when the user did not grant it. A null on a
 * non-null field goes to the nearest nullable ancestor, as GraphQL's own null
 * propagation does, and a field under a list is answered at every element.
 *
 * What a field asks for is read once per supergraph (lib/authorization.ts says
 * how); the filtered operation is kept per document and class of caller, and
 * an operation that selects nothing the caller may not see is left as it is.
 */
import { createHash } from 'node:crypto';
import type { ApolloGateway, SupergraphManager } from '@apollo/gateway';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isUnionType,
  Kind,
  parse,
  print,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import {
  authorizationClass,
  callerOf,
  denialOf,
  SchemaRequirements,
  supergraphDirectiveNames,
  type Denial,
} from '../lib/authorization';
import { fieldDenied } from '../lib/errors';
import type { Caller } from '../lib/identity';
import { ENFORCED_SECURITY_FEATURES } from './supergraph-features';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type ExecutorRequestContext = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;
type Variables = Readonly<Record<string, unknown>>;

/**
 * Where a removed field is selected only on some of the types its parent can
 * be, the parent's selection also asks for `__typename` under this alias, so
 * that the answer says which objects the removal concerns; it is taken out of
 * the answer before it is sent.
 */
const TYPENAME_TAG = 'hutong__authorizationTypename';

interface Step {
  /** The field's response key (its alias or name). */
  readonly key: string;
  readonly type: GraphQLOutputType;
  /** Only objects of these types hold the field (it was selected in a fragment on them). */
  readonly onlyOn?: ReadonlySet<string>;
}

export interface RemovedField {
  /** Response keys from the operation's root to the field; a list on the way is crossed at every element. */
  readonly path: readonly string[];
  readonly code: Denial['code'];
  readonly message: string;
  readonly steps: readonly Step[];
  /** False when the field's @skip or @include (or a fragment's around it) leaves it out. */
  readonly included: (variables: Variables) => boolean;
}

export interface AuthorizedOperation {
  /** The operation as it may run: the very document given when nothing is removed. */
  readonly document: DocumentNode;
  readonly removed: readonly RemovedField[];
  /** The filtered document's own hash, for the gateway's query-plan cache; null when unchanged. */
  readonly queryHash: string | null;
  /** The filtered operation still selects a root field: otherwise nothing need execute. */
  readonly executable: boolean;
  readonly tagsTypes: boolean;
}

interface Removal {
  steps: readonly Step[];
  code: Denial['code'];
  message: string;
  included: (variables: Variables) => boolean;
}

interface FilteredSelections {
  selections: readonly SelectionNode[];
  changed: boolean;
  removed: readonly Removal[];
}

const ALWAYS = () => true;

/**
 * Whether a selection's @skip and @include let it in, for the request's variables;
 * a variable the request leaves out has its default (`defaults`), as in execution.
 */
function conditionsOf(
  directives: readonly DirectiveNode[] | undefined,
  defaults: Variables,
): (variables: Variables) => boolean {
  const conditions = (directives ?? []).filter(
    (d) => d.name.value === 'skip' || d.name.value === 'include',
  );
  if (conditions.length === 0) return ALWAYS;
  return (variables) =>
    conditions.every((directive) => {
      const argument = directive.arguments?.find((arg) => arg.name.value === 'if');
      let value: unknown = false;
      if (argument?.value.kind === Kind.BOOLEAN) value = argument.value.value;
      else if (argument?.value.kind === Kind.VARIABLE) {
        const name = argument.value.name.value;
        value = (name in variables ? variables[name] : defaults[name]) === true;
      }
      return directive.name.value === 'include' ? value === true : value !== true;
    });
}

function both(
  a: (variables: Variables) => boolean,
  b: (variables: Variables) => boolean,
): (variables: Variables) => boolean {
  if (a === ALWAYS) return b;
  if (b === ALWAYS) return a;
  return (variables) => a(variables) && b(variables);
}

const TYPENAME_TAG_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TYPENAME_TAG },
  name: { kind: Kind.NAME, value: '__typename' },
};

/** One operation filtered for one caller. */
class OperationFilter {
  private readonly fragmentResults = new Map<string, FilteredSelections>();
  tagsTypes = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly requirements: SchemaRequirements,
    private readonly caller: Caller,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variableDefaults: Variables,
  ) {}

  filteredFragment(name: string): FilteredSelections | undefined {
    return this.fragmentResults.get(name);
  }

  selectionSet(set: SelectionSetNode, parent: GraphQLCompositeType): FilteredSelections {
    let changed = false;
    let tagged = false;
    const selections: SelectionNode[] = [];
    const removed: Removal[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const definition = isUnionType(parent) ? undefined : parent.getFields()[name];
        // __typename and introspection ask for nothing; unknown fields fail validation before.
        if (!definition) {
          selections.push(selection);
          continue;
        }
        const step: Step = { key: selection.alias?.value ?? name, type: definition.type };
        const included = conditionsOf(selection.directives, this.variableDefaults);
        const denial = denialOf(this.requirements.forField(this.schema, parent, name), this.caller);
        if (denial) {
          changed = true;
          const message = `${parent.name}.${name} ${denial.reason}`;
          removed.push({ steps: [step], code: denial.code, message, included });
          continue;
        }
        if (!selection.selectionSet) {
          selections.push(selection);
          continue;
        }
        const inner = this.selectionSet(
          selection.selectionSet,
          getNamedType(definition.type) as GraphQLCompositeType,
        );
        if (!inner.changed) {
          selections.push(selection);
          continue;
        }
        changed = true;
        if (inner.selections.length > 0) {
          selections.push({
            ...selection,
            selectionSet: { ...selection.selectionSet, selections: inner.selections },
          });
        } else {
          // Nothing it selected may be seen, but the field itself may: it stays, selecting only
          // its type under the tag (taken out of the answer), and its fields come back null.
          selections.push({
            ...selection,
            selectionSet: { ...selection.selectionSet, selections: [TYPENAME_TAG_FIELD] },
          });
          this.tagsTypes = true;
        }
        for (const removal of inner.removed)
          removed.push({
            ...removal,
            steps: [step, ...removal.steps],
            included: both(included, removal.included),
          });
        continue;
      }

      let type: GraphQLCompositeType;
      let inner: FilteredSelections;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        type = selection.typeCondition
          ? (this.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
          : parent;
        inner = this.selectionSet(selection.selectionSet, type);
        if (!inner.changed) {
          selections.push(selection);
          continue;
        }
        if (inner.selections.length > 0)
          selections.push({
            ...selection,
            selectionSet: { ...selection.selectionSet, selections: inner.selections },
          });
      } else {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment) {
          selections.push(selection);
          continue;
        }
        type = this.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
        inner = this.fragment(fragment, type);
        if (!inner.changed) {
          selections.push(selection);
          continue;
        }
        if (inner.selections.length > 0) selections.push(selection);
      }
      changed = true;
      const onlyOn = this.narrowing(parent, type);
      const included = conditionsOf(selection.directives, this.variableDefaults);
      for (const removal of inner.removed) {
        const [first, ...rest] = removal.steps;
        const narrowed =
          onlyOn && first ? { ...first, onlyOn: intersect(first.onlyOn, onlyOn) } : first;
        if (onlyOn) tagged = true;
        removed.push({
          ...removal,
          steps: narrowed ? [narrowed, ...rest] : removal.steps,
          included: both(included, removal.included),
        });
      }
    }
    if (tagged && selections.length > 0) {
      selections.push(TYPENAME_TAG_FIELD);
      this.tagsTypes = true;
    }
    return { selections: changed ? selections : set.selections, changed, removed };
  }

  private fragment(fragment: FragmentDefinitionNode, type: GraphQLCompositeType) {
    const name = fragment.name.value;
    let filtered = this.fragmentResults.get(name);
    if (!filtered) {
      filtered = this.selectionSet(fragment.selectionSet, type);
      this.fragmentResults.set(name, filtered);
    }
    return filtered;
  }

  /** The object types a fragment on `type` holds for, when not every `parent` is one. */
  private narrowing(
    parent: GraphQLCompositeType,
    type: GraphQLCompositeType,
  ): ReadonlySet<string> | null {
    if (!isAbstractType(parent)) return null;
    const within = new Set(
      (isAbstractType(type) ? this.schema.getPossibleTypes(type) : [type]).map((t) => t.name),
    );
    const possible = this.schema.getPossibleTypes(parent).map((t) => t.name);
    if (possible.every((name) => within.has(name))) return null;
    return new Set(possible.filter((name) => within.has(name)));
  }
}

function intersect(
  a: ReadonlySet<string> | undefined,
  b: ReadonlySet<string>,
): ReadonlySet<string> {
  return a ? new Set([...a].filter((name) => b.has(name))) : b;
}

function selectedOperation(
  document: DocumentNode,
  operationName: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName === null) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((operation) => operation.name?.value === operationName);
}

/** The fragments a selection reaches, through other fragments too. */
function spreadNames(
  root: SelectionSetNode,
  fragments: (name: string) => SelectionSetNode | undefined,
) {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode) =>
    visit(set, {
      FragmentSpread(node) {
        if (names.has(node.name.value)) return;
        names.add(node.name.value);
        const inner = fragments(node.name.value);
        if (inner) walk(inner);
      },
    });
  walk(root);
  return names;
}

/** Authorization of one supergraph: what its fields ask for, and operations filtered by it. */
export class SupergraphAuthorization {
  private readonly filtered = new WeakMap<
    GraphQLSchema,
    WeakMap<DocumentNode, Map<string, AuthorizedOperation>>
  >();

  private constructor(readonly requirements: SchemaRequirements) {}

  static read(coreSupergraphSdl: string): SupergraphAuthorization {
    const document = parse(coreSupergraphSdl, { noLocation: true });
    return new SupergraphAuthorization(
      SchemaRequirements.read(document, supergraphDirectiveNames(document)),
    );
  }

  /**
   * The operation without what the caller may not see, and what was removed.
   * `schema` is the API schema the operation was validated against.
   */
  authorize(
    document: DocumentNode,
    schema: GraphQLSchema,
    operationName: string | null,
    caller: Caller,
  ): AuthorizedOperation {
    if (this.requirements.isEmpty) return untouched(document);
    let bySchema = this.filtered.get(schema);
    if (!bySchema) this.filtered.set(schema, (bySchema = new WeakMap()));
    let byCaller = bySchema.get(document);
    if (!byCaller) bySchema.set(document, (byCaller = new Map()));
    const key = `${authorizationClass(caller)}\n${operationName ?? ''}`;
    let authorized = byCaller.get(key);
    if (!authorized) {
      authorized = this.filter(document, schema, operationName, caller);
      // Classes of callers are few (anonymous, and one per set of scopes apps are granted).
      if (byCaller.size >= 32) byCaller.clear();
      byCaller.set(key, authorized);
    }
    return authorized;
  }

  private filter(
    document: DocumentNode,
    schema: GraphQLSchema,
    operationName: string | null,
    caller: Caller,
  ): AuthorizedOperation {
    const operation = selectedOperation(document, operationName);
    const root =
      operation?.operation === 'mutation'
        ? schema.getMutationType()
        : operation?.operation === 'subscription'
          ? schema.getSubscriptionType()
          : schema.getQueryType();
    if (!operation || !root) return untouched(document);
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    );
    const variableDefaults = Object.fromEntries(
      (operation.variableDefinitions ?? [])
        .filter((definition) => definition.defaultValue !== undefined)
        .map((definition) => [
          definition.variable.name.value,
          valueFromASTUntyped(definition.defaultValue!),
        ]),
    );
    const filter = new OperationFilter(
      schema,
      this.requirements,
      caller,
      fragments,
      variableDefaults,
    );
    const result = filter.selectionSet(operation.selectionSet, root);
    if (!result.changed) return untouched(document);

    const selectionSet = { ...operation.selectionSet, selections: result.selections };
    const fragmentSelections = (name: string): SelectionSetNode | undefined => {
      const fragment = fragments.get(name);
      if (!fragment) return undefined;
      const filtered = filter.filteredFragment(name);
      return filtered
        ? { ...fragment.selectionSet, selections: filtered.selections }
        : fragment.selectionSet;
    };
    const used = spreadNames(selectionSet, fragmentSelections);
    const filteredDocument: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        { ...operation, selectionSet },
        ...[...fragments.values()]
          .filter((fragment) => used.has(fragment.name.value))
          .map((fragment) => ({
            ...fragment,
            selectionSet: fragmentSelections(fragment.name.value)!,
          })),
      ],
    };
    return {
      document: filteredDocument,
      removed: result.removed.map((removal) => ({
        ...removal,
        path: removal.steps.map((step) => step.key),
      })),
      queryHash: createHash('sha256').update(print(filteredDocument)).digest('hex'),
      executable: result.selections.length > 0,
      tagsTypes: filter.tagsTypes,
    };
  }
}

function untouched(document: DocumentNode): AuthorizedOperation {
  return { document, removed: [], queryHash: null, executable: true, tagsTypes: false };
}

interface Position {
  container: Record<string | number, unknown>;
  key: string | number;
  nullable: boolean;
}

/** Every place a removed field would have been in the answer, each with the positions above it. */
function occurrences(holder: { data: unknown }, steps: readonly Step[]): Position[][] {
  const found: Position[][] = [];
  const visitObject = (value: unknown, index: number, chain: Position[]) => {
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    const step = steps[index]!;
    if (step.onlyOn && !step.onlyOn.has(object[TYPENAME_TAG] as string)) return;
    const here = [
      ...chain,
      { container: object, key: step.key, nullable: !isNonNullType(step.type) },
    ];
    if (index === steps.length - 1) found.push(here);
    else descend(object[step.key], step.type, index, here);
  };
  const descend = (value: unknown, type: GraphQLOutputType, index: number, chain: Position[]) => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (!isListType(inner)) return visitObject(value, index + 1, chain);
    if (!Array.isArray(value)) return;
    const itemType = inner.ofType as GraphQLOutputType;
    value.forEach((item, i) =>
      descend(item, itemType, index, [
        ...chain,
        {
          container: value as unknown as Record<number, unknown>,
          key: i,
          nullable: !isNonNullType(itemType),
        },
      ]),
    );
  };
  visitObject(holder.data, 0, [{ container: holder, key: 'data', nullable: true }]);
  return found;
}

function removeTypenameTags(value: unknown): void {
  if (Array.isArray(value)) value.forEach(removeTypenameTags);
  else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    delete object[TYPENAME_TAG];
    Object.values(object).forEach(removeTypenameTags);
  }
}

/** The answer with a null and an error for every removed field, as if each had failed. */
export function withRemovedFields(
  result: ExecutionResult,
  authorized: AuthorizedOperation,
  variables: Variables,
): ExecutionResult {
  const holder: { data: Record<string, unknown> | null | undefined } = { data: result.data };
  const errors: GraphQLError[] = [];
  for (const removal of authorized.removed) {
    if (!removal.included(variables)) continue;
    if (holder.data === null || holder.data === undefined) {
      if (removal.steps.length === 1)
        errors.push(fieldDenied(removal.code, removal.message, removal.path));
      continue;
    }
    for (const chain of occurrences(holder, removal.steps)) {
      // An ancestor already nulled for an earlier removal: that error stands for this one.
      const detached = chain.some(
        (position, i) => i > 0 && chain[i - 1]!.container[chain[i - 1]!.key] !== position.container,
      );
      if (detached) continue;
      errors.push(
        fieldDenied(
          removal.code,
          removal.message,
          chain.slice(1).map((position) => position.key),
        ),
      );
      const field = chain[chain.length - 1]!;
      // Present all the same: the key was also selected elsewhere with what the caller may see.
      if (field.container[field.key] !== undefined) continue;
      let target = chain.length - 1;
      while (!chain[target]!.nullable) target--;
      chain[target]!.container[chain[target]!.key] = null;
    }
  }
  if (authorized.tagsTypes) removeTypenameTags(holder.data);
  // A removal the variables skipped adds no error, and an answer has errors or no such key.
  if (errors.length === 0) return { ...result, data: holder.data };
  return { ...result, data: holder.data, errors: [...(result.errors ?? []), ...errors] };
}

/**
 * The gateway Apollo Server runs: `gateway` with every operation filtered
 * for its caller before it is planned. The requirements are read again each
 * time the gateway loads a supergraph.
 */
export function authorizingGateway(gateway: ApolloGateway): GatewayInterface {
  // Fails closed: a supergraph whose requirements could not be read serves nothing.
  let authorization: SupergraphAuthorization | Error = new Error('no supergraph loaded');
  // Registered before Apollo Server's own listener, so a new schema is never served unread.
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    try {
      authorization = SupergraphAuthorization.read(coreSupergraphSdl);
    } catch (error) {
      authorization = error instanceof Error ? error : new Error(String(error));
    }
  });
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    load: async (options) => {
      const { executor } = await gateway.load(options);
      return {
        executor: async (requestContext: ExecutorRequestContext) => {
          if (authorization instanceof Error) throw authorization;
          const authorized = authorization.authorize(
            requestContext.document,
            requestContext.schema,
            requestContext.request.operationName ?? null,
            callerOf(requestContext.context),
          );
          if (authorized.document === requestContext.document) return executor(requestContext);
          const result = authorized.executable
            ? await executor({
                ...requestContext,
                document: authorized.document,
                // Plans are cached by this hash: the filtered plan must never answer the full text.
                queryHash: authorized.queryHash!,
                operation: selectedOperation(
                  authorized.document,
                  requestContext.request.operationName ?? null,
                )!,
              })
            : { data: {} };
          return withRemovedFields(result, authorized, requestContext.request.variables ?? {});
        },
      };
    },
  };
}

/**
 * Composition links `@authenticated` and `@requiresScopes` `for: SECURITY`,
 * and @apollo/gateway, which does not enforce them, refuses such a
 * supergraph. Hutong's gateway enforces them (`authorizingGateway`), so the
 * supergraph it loads has the `for:` of those two links, and only those,
 * taken out; the directives stay, and every other feature is checked as before.
 */
export function withEnforcedSecurityFeatures(sdl: string): string {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch {
    return sdl; // The gateway rejects it with its own error.
  }
  const cuts: [start: number, end: number][] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION)
      continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = link.arguments ?? [];
      const url = args.find((arg) => arg.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !ENFORCED_SECURITY_FEATURES.includes(url.value)) continue;
      const at = args.findIndex((arg) => arg.name.value === 'for');
      const purpose = args[at];
      if (!purpose?.loc) continue;
      const previous = args[at - 1];
      const next = args[at + 1];
      if (previous?.loc) cuts.push([previous.loc.end, purpose.loc.end]);
      else if (next?.loc) cuts.push([purpose.loc.start, next.loc.start]);
      else cuts.push([purpose.loc.start, purpose.loc.end]);
    }
  }
  let accepted = sdl;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0]))
    accepted = accepted.slice(0, start) + accepted.slice(end);
  return accepted;
}

/** A supergraph, or a source of them, as the authorizing gateway loads it. */
export function enforcedSupergraph(source: string | SupergraphManager): string | SupergraphManager {
  if (typeof source === 'string') return withEnforcedSecurityFeatures(source);
  return {
    initialize: async (hooks) => {
      const started = await source.initialize({
        ...hooks,
        update: (sdl) => hooks.update(withEnforcedSecurityFeatures(sdl)),
        healthCheck: (sdl) => hooks.healthCheck(withEnforcedSecurityFeatures(sdl)),
      });
      return { ...started, supergraphSdl: withEnforcedSecurityFeatures(started.supergraphSdl) };
    },
  };
}
