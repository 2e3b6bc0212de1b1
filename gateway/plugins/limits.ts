/**
 * Operation limits, checked before a query is planned so that a rejected
 * operation never reaches a subgraph: depth, aliases, directives and root
 * fields as validation rules (tokens are capped by the parser itself), page
 * sizes, and a cost read from the schema's demand-control directives
 * (lib/demand-control.ts) that weighs every field by the list sizes it multiplies.
 * Each refusal names its limit. Introspection counts toward none of them but the
 * root fields and the tokens: it reaches no subgraph, and where it is served
 * graphql-js bounds it (see `exemptingIntrospection`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getEnterLeaveForKind,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  OperationTypeNode,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { OperationLimits } from '../config';
import {
  pageSizeArguments,
  readDemandControl,
  servedPageSize,
  type DemandControl,
  type ListSize,
} from '../../lib/demand-control';

/** graphql-armor has no rule for this; it is a few lines. */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const countRootFields = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) count++;
        else if (selection.kind === Kind.INLINE_FRAGMENT)
          count += countRootFields(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count += countRootFields(fragment.selectionSet, seen);
        }
      }
      return count;
    };
    return {
      OperationDefinition(operation) {
        const count = countRootFields(operation.selectionSet, new Set());
        if (count > max) {
          context.reportError(
            new GraphQLError(
              `The operation asks for ${count} root fields; at most ${max} are allowed`,
              {
                nodes: [operation],
              },
            ),
          );
        }
      },
    };
  };
}

/**
 * graphql-armor throws by default, and words its findings as syntax errors ("Syntax Error: Query
 * depth limit of 10 exceeded"); reported, they are ordinary validation errors (400) that name
 * the limit.
 */
const reportInsteadOfThrowing = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(SYNTAX_ERROR_PREFIX, ''))),
  ],
};

const SYNTAX_ERROR_PREFIX = /^Syntax Error: /;

/** The root fields graphql-js answers from the schema itself. */
const INTROSPECTION_ROOT_FIELDS = new Set(['__schema', '__type']);

function withoutIntrospection(selectionSet: SelectionSetNode): SelectionSetNode {
  return {
    ...selectionSet,
    selections: selectionSet.selections.flatMap((selection): SelectionNode[] => {
      if (selection.kind === Kind.FIELD)
        return INTROSPECTION_ROOT_FIELDS.has(selection.name.value) ? [] : [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT)
        return [{ ...selection, selectionSet: withoutIntrospection(selection.selectionSet) }];
      return [selection];
    }),
  };
}

/**
 * The rule, shown each operation without its introspection (`__schema`, `__type`): a tool loading
 * the schema (graphql-js's `getIntrospectionQuery`, 21 levels deep with its type references) is
 * not held to the limits of data queries. Where introspection is off, graphql's
 * NoSchemaIntrospectionCustomRule refuses those fields anyway; where it is on, graphql-js's
 * MaxIntrospectionDepthRule (among the specified rules every request meets) bounds how deep
 * introspection nests its lists, and the parser's token cap bounds the whole document.
 */
function exemptingIntrospection(rule: ValidationRule): ValidationRule {
  return (context) => {
    const visitor = rule(context);
    const { enter } = getEnterLeaveForKind(visitor, Kind.OPERATION_DEFINITION);
    if (!enter) return visitor;
    return {
      ...visitor,
      OperationDefinition: (operation, ...rest) =>
        enter.call(
          visitor,
          { ...operation, selectionSet: withoutIntrospection(operation.selectionSet) },
          ...rest,
        ),
    };
  };
}

export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...reportInsteadOfThrowing }),
    maxAliasesRule({ n: limits.maxAliases, ...reportInsteadOfThrowing }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportInsteadOfThrowing }),
  ]
    .map(exemptingIntrospection)
    .concat(maxRootFieldsRule(limits.maxRootFields));
}

/**
 * The parser's token cap (`parseOptions.maxTokens`) fails as graphql-js's syntax error
 * "Document contains more that N tokens"; this names the limit instead. For `formatError`.
 */
export function namingTheTokenLimit(
  format: (formatted: GraphQLFormattedError, error?: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error?: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const tokens = TOKEN_CAP_MESSAGE.exec(formatted.message);
    return format(
      tokens ? { ...formatted, message: `Token limit of ${tokens[1]} exceeded.` } : formatted,
      error,
    );
  };
}

const TOKEN_CAP_MESSAGE =
  /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens\. Parsing aborted\.$/;

/** An operation's cost, given its variables (which may size its pages). */
type Cost = (variables: Record<string, unknown>) => number;

interface Compiled {
  cost: Cost;
  /** The cost, when no variable sizes a page: computed once, with the page-size error if any. */
  fixed?: { cost: number } | { error: GraphQLError };
}

/** Errors are rethrown per request as new objects, never shared between responses. */
function freshError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}

/**
 * The static cost of operations, as Apollo Router's demand control counts it
 * (IBM's cost specification): a query costs 0 and a mutation 10 to begin
 * with; each field costs its weight — `@cost(weight:)` on the field or on its
 * type, else 1 for an object, interface or union and 0 for a scalar or enum —
 * plus the weights of the arguments given, plus the cost of its selections;
 * a list multiplies its weight and selections by its size: the page size of
 * its slicing argument (clamped to the field's largest page), its parent's
 * slicing size for `sizedFields` (a connection's `edges`), else its
 * `assumedSize`, else the configured assumed list size.
 */
export class CostCompiler {
  private dependsOnVariables = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly demand: DemandControl,
    private readonly assumedListSize: number,
  ) {}

  compile(document: DocumentNode, operationName: string | null | undefined): Compiled {
    const operation = getOperationAST(document, operationName);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    this.dependsOnVariables = false;
    const root = operation && this.schema.getRootType(operation.operation);
    if (!operation || !root) return { cost: () => 0, fixed: { cost: 0 } };
    const base = operation.operation === OperationTypeNode.MUTATION ? 10 : 0;
    const selections = this.selectionSet(operation.selectionSet, root, fragments, undefined);
    const cost: Cost = (variables) => base + selections(variables);
    if (this.dependsOnVariables) return { cost };
    try {
      return { cost, fixed: { cost: cost({}) } };
    } catch (error) {
      if (error instanceof GraphQLError) return { cost, fixed: { error } };
      throw error;
    }
  }

  private selectionSet(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    fragments: Map<string, FragmentDefinitionNode>,
    sized: { fields: string[]; size: Cost } | undefined,
  ): Cost {
    const parts: Cost[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const part = this.field(selection, parent, fragments, sized);
        if (part) parts.push(part);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? this.schema.getType(fragment.typeCondition.name.value)
        : parent;
      // Fragments on every possible type are all counted: the estimate errs on the high side.
      if (condition && isCompositeType(condition))
        parts.push(this.selectionSet(fragment.selectionSet, condition, fragments, sized));
    }
    return (variables) => parts.reduce((sum, part) => sum + part(variables), 0);
  }

  private field(
    node: FieldNode,
    parent: GraphQLCompositeType,
    fragments: Map<string, FragmentDefinitionNode>,
    sized: { fields: string[]; size: Cost } | undefined,
  ): Cost | undefined {
    const name = node.name.value;
    // Answered from the schema, not the subgraphs; introspection is bounded by its own rules.
    if (name === '__typename' || INTROSPECTION_ROOT_FIELDS.has(name)) return undefined;
    const definition = 'getFields' in parent ? parent.getFields()[name] : undefined;
    if (!definition) return undefined;
    const type = getNamedType(definition.type);
    const weight =
      this.demand.fieldWeight(parent.name, name) ??
      this.demand.typeWeight(type.name) ??
      (isCompositeType(type) ? 1 : 0);
    const argumentsWeight = (node.arguments ?? []).reduce(
      (sum, argument) =>
        sum + (this.demand.argumentWeight(parent.name, name, argument.name.value) ?? 0),
      0,
    );
    const listSize = this.demand.listSize(parent.name, name);
    const pageSize = this.pageSize(node, definition.args, parent.name, listSize);
    const isList = isListType(getNullableType(definition.type));
    const multiplier: Cost | undefined =
      sized && sized.fields.includes(name)
        ? sized.size
        : isList
          ? (pageSize ?? constant(listSize?.assumedSize ?? this.assumedListSize))
          : undefined;
    // A connection's page is counted on its `edges`/`nodes`, by its sizedFields or, where the
    // schema says nothing, by those names.
    const sizedFields = listSize ? listSize.sizedFields : ['edges', 'nodes'];
    const children =
      node.selectionSet && isCompositeType(type)
        ? this.selectionSet(
            node.selectionSet,
            type,
            fragments,
            pageSize && !isList && sizedFields.length > 0
              ? { fields: sizedFields, size: pageSize }
              : undefined,
          )
        : constant(0);
    return multiplier
      ? (variables) => multiplier(variables) * (weight + children(variables)) + argumentsWeight
      : (variables) => weight + children(variables) + argumentsWeight;
  }

  /**
   * The page a field's slicing arguments ask for, as the field serves it
   * (refused below 1, clamped to its largest page; its assumed size when none
   * is given); undefined for a field that takes no page size.
   */
  private pageSize(
    node: FieldNode,
    argumentDefinitions: readonly GraphQLArgument[],
    typeName: string,
    listSize: ListSize | undefined,
  ): Cost | undefined {
    const names = pageSizeArguments(
      listSize,
      argumentDefinitions.map((argument) => argument.name),
    );
    if (names.length === 0) return undefined;
    const field = `${typeName}.${node.name.value}`;
    const sizes = names.map((argument): Cost => {
      const given = node.arguments?.find((a) => a.name.value === argument)?.value;
      const fallback = argumentDefinitions.find((a) => a.name === argument)?.defaultValue;
      if (given?.kind === Kind.VARIABLE) {
        this.dependsOnVariables = true;
        const variable = given.name.value;
        return (variables) => {
          const value = variables[variable] ?? fallback;
          return typeof value === 'number'
            ? servedPageSize(value, argument, field, listSize)
            : Number.NaN;
        };
      }
      const value = given?.kind === Kind.INT ? Number(given.value) : fallback;
      if (typeof value !== 'number') return constant(Number.NaN);
      return () => servedPageSize(value, argument, field, listSize);
    });
    const requireOne = listSize?.requireOneSlicingArgument && listSize.slicingArguments.length > 0;
    return (variables) => {
      const given = sizes.map((size) => size(variables)).filter((size) => !Number.isNaN(size));
      if (requireOne && given.length !== 1) {
        throw new GraphQLError(`${field} takes exactly one of: ${names.join(', ')}`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
      return given.length === 0
        ? (listSize?.assumedSize ?? this.assumedListSize)
        : Math.max(...given);
    };
  }
}

function constant(value: number): Cost {
  return () => value;
}

interface CostModel {
  compiler: CostCompiler;
  /** The manifest's operations, compiled when the schema loaded: by operation text. */
  persisted: Map<string, Compiled>;
  /** Other operations, compiled on first use, by the parsed document Apollo reuses. */
  byDocument: WeakMap<DocumentNode, Map<string, Compiled>>;
}

/**
 * The cost limit over the schema being served: built from the supergraph's
 * demand-control directives each time a supergraph loads (reloads included),
 * with the persisted operations' costs compiled then, once, and every other
 * operation's compiled on its first request.
 */
export class OperationCosts {
  private readonly models = new WeakMap<GraphQLSchema, CostModel>();
  private latest: CostModel | undefined;

  constructor(
    private readonly limits: OperationLimits,
    private readonly manifestBodies: Iterable<string>,
  ) {}

  /** For `gateway.onSchemaLoadOrUpdate`: the API schema and the supergraph it came from. */
  load(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const compiler = new CostCompiler(
      apiSchema,
      readDemandControl(parse(supergraphSdl)),
      this.limits.assumedListSize,
    );
    const persisted = new Map<string, Compiled>();
    for (const body of this.manifestBodies) {
      const document = parse(body);
      persisted.set(body, compiler.compile(document, undefined));
    }
    const model = { compiler, persisted, byDocument: new WeakMap() };
    this.models.set(apiSchema, model);
    this.latest = model;
  }

  /** The operation's cost; throws BAD_USER_INPUT for a page size below 1. */
  costOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    query: string | undefined,
    variables: Record<string, unknown>,
  ): number {
    const model = this.models.get(schema) ?? this.latest;
    if (!model) return 0;
    let compiled = query !== undefined ? model.persisted.get(query) : undefined;
    if (!compiled) {
      let byName = model.byDocument.get(document);
      if (!byName) model.byDocument.set(document, (byName = new Map()));
      compiled = byName.get(operationName ?? '');
      if (!compiled) {
        compiled = model.compiler.compile(document, operationName);
        byName.set(operationName ?? '', compiled);
      }
    }
    if (compiled.fixed) {
      if ('error' in compiled.fixed) throw freshError(compiled.fixed.error);
      return compiled.fixed.cost;
    }
    return compiled.cost(variables);
  }

  /** Checks page sizes and the cost once the operation is resolved, before it is planned. */
  plugin(): ApolloServerPlugin {
    const { maxCost } = this.limits;
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ schema, document, operation, request, operationName }) => {
          if (!operation) return;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
          );
          // Bad variables are the variables plugin's to answer.
          if (coerced.errors) return;
          const cost = this.costOf(schema, document, operationName, request.query, coerced.coerced);
          if (cost > maxCost) {
            throw new GraphQLError(`The operation costs ${cost}; at most ${maxCost} is allowed`, {
              extensions: {
                code: 'GRAPHQL_VALIDATION_FAILED',
                cost,
                maxCost,
                http: { status: 400 },
              },
            });
          }
        },
      }),
    };
  }
}
