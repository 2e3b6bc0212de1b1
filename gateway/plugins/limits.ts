/**
 * Operation limits, checked before a query is planned so that a rejected
 * operation never reaches a subgraph: depth, aliases, directives and root
 * fields as validation rules (tokens are capped by the parser itself), page
 * sizes, a cost read from the schema's demand-control directives
 * (lib/demand-control.ts) that weighs every field by the list sizes it
 * multiplies, and by the same sizes the values the answer may hold.
 * Each refusal names its limit. Introspection counts toward none of them but the
 * root fields and the tokens: it reaches no subgraph, and where it is served
 * graphql-js bounds it (see `exemptingIntrospection`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
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
 * Directives as the operation is executed: each spread's own, and the fragment's every time it
 * is spread. graphql-armor's max-directives counts a fragment once and, from its second spread
 * on, returns that count in place of the spread's own directives, so 200 spreads of
 * `...F @include(if: true)` counted 1; its options cannot change that.
 */
function maxDirectivesRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const perExpansion = new Map<string, number>();
    const inSelectionSet = (selectionSet: SelectionSetNode): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        count += selection.directives?.length ?? 0;
        if (selection.kind === Kind.FRAGMENT_SPREAD) count += inFragment(selection.name.value);
        else if (selection.selectionSet) count += inSelectionSet(selection.selectionSet);
      }
      return count;
    };
    const inFragment = (name: string): number => {
      let count = perExpansion.get(name);
      if (count !== undefined) return count;
      // A fragment spread within itself adds nothing: NoFragmentCyclesRule refuses the operation.
      perExpansion.set(name, 0);
      const fragment = context.getFragment(name);
      count = fragment
        ? (fragment.directives?.length ?? 0) + inSelectionSet(fragment.selectionSet)
        : 0;
      perExpansion.set(name, count);
      return count;
    };
    return {
      OperationDefinition(operation) {
        const count = (operation.directives?.length ?? 0) + inSelectionSet(operation.selectionSet);
        if (count > max) {
          context.reportError(
            new GraphQLError(`Directives limit of ${max} exceeded, found ${count}.`, {
              nodes: [operation],
            }),
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
    // The depth of fields: a fragment is its fields, in place, and adds no level of its own.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reportInsteadOfThrowing }),
    // __typename too (graphql-armor lets it be aliased at will): each alias is one more value
    // in every object of the answer, which the planner asks of the subgraph as well.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reportInsteadOfThrowing }),
    maxDirectivesRule(limits.maxDirectives),
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

/**
 * What a cost counts: the subgraphs' work, as the specification weighs it, or
 * the values the answer may hold, each field once per object it is in.
 */
export type CostMeasure = 'demand' | 'answerValues';

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
 *
 * Measuring `answerValues`, every field weighs 1 instead, a scalar and
 * `__typename` too, and arguments and a mutation nothing: the values the
 * answer may hold, by the same list sizes. The specification's cost leaves
 * scalars and `__typename` out, and by it alone aliases of them grew an
 * answer at no cost (650 of `__typename` on each of 100 stores, which the
 * planner asks of the subgraph as well).
 *
 * A fragment spread again where it already was (in the same selection set,
 * through other fragments too) is counted once, as graphql-js collects it
 * once: counted each time, a few nested fragments spread twice each would
 * take exponential time to count.
 */
export class CostCompiler {
  private dependsOnVariables = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly demand: DemandControl,
    private readonly assumedListSize: number,
    private readonly measure: CostMeasure = 'demand',
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
    const base =
      this.measure === 'demand' && operation.operation === OperationTypeNode.MUTATION ? 10 : 0;
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
    /** The named fragments already counted in this selection set. */
    spread = new Set<string>(),
  ): Cost {
    const parts: Cost[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const part = this.field(selection, parent, fragments, sized);
        if (part) parts.push(part);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (spread.has(selection.name.value)) continue;
        spread.add(selection.name.value);
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? this.schema.getType(fragment.typeCondition.name.value)
        : parent;
      // Fragments on every possible type are all counted: the estimate errs on the high side.
      if (condition && isCompositeType(condition))
        parts.push(this.selectionSet(fragment.selectionSet, condition, fragments, sized, spread));
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
    // Introspection is answered from the schema and bounded by its own rules.
    if (INTROSPECTION_ROOT_FIELDS.has(name)) return undefined;
    const values = this.measure === 'answerValues';
    // Answered by whoever answers its object: no work of its own, but a value all the same.
    if (name === '__typename') return values ? constant(1) : undefined;
    const definition = 'getFields' in parent ? parent.getFields()[name] : undefined;
    if (!definition) return undefined;
    const type = getNamedType(definition.type);
    const weight = values
      ? 1
      : (this.demand.fieldWeight(parent.name, name) ??
        this.demand.typeWeight(type.name) ??
        (isCompositeType(type) ? 1 : 0));
    const argumentsWeight = values
      ? 0
      : (node.arguments ?? []).reduce(
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
   * (refused below 1, clamped to its largest page, the argument's default when
   * it is null, literal or variable; its assumed size when none is given);
   * undefined for a field that takes no page size.
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

/** An operation's cost by each measure. */
type Measured = Record<CostMeasure, Compiled>;

interface CostModel {
  compilers: Record<CostMeasure, CostCompiler>;
  /** The manifest's operations, compiled when the schema or the manifest loaded: by operation text. */
  persisted: ReadonlyMap<string, Measured>;
  /** Other operations, compiled on first use, by the parsed document Apollo reuses. */
  byDocument: WeakMap<DocumentNode, Map<string, Measured>>;
}

function evaluated(compiled: Compiled, variables: Record<string, unknown>): number {
  if (compiled.fixed) {
    if ('error' in compiled.fixed) throw freshError(compiled.fixed.error);
    return compiled.fixed.cost;
  }
  return compiled.cost(variables);
}

/**
 * The cost limit and the answer-size limit over the schema being served:
 * built from the supergraph's demand-control directives each time a
 * supergraph loads (reloads included), with the persisted operations' costs
 * compiled then, once, and again for each new manifest, and every other
 * operation's compiled on its first request.
 */
export class OperationCosts {
  private readonly models = new WeakMap<GraphQLSchema, CostModel>();
  private latest: CostModel | undefined;

  constructor(
    private readonly limits: OperationLimits,
    /** The bodies of the manifest in use. */
    private readonly manifestBodies: () => Iterable<string>,
  ) {}

  /** For `gateway.onSchemaLoadOrUpdate`: the API schema and the supergraph it came from. */
  load(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const demand = readDemandControl(parse(supergraphSdl));
    const { assumedListSize } = this.limits;
    const compilers = {
      demand: new CostCompiler(apiSchema, demand, assumedListSize, 'demand'),
      answerValues: new CostCompiler(apiSchema, demand, assumedListSize, 'answerValues'),
    };
    const model: CostModel = { compilers, persisted: new Map(), byDocument: new WeakMap() };
    model.persisted = this.compilePersisted(model);
    this.models.set(apiSchema, model);
    this.latest = model;
  }

  /**
   * For a new manifest: its operations' costs over the schema being served,
   * those it shares with the previous one kept. Requests meanwhile compile an
   * operation they miss on first use, so nothing waits for this.
   */
  manifestChanged(): void {
    if (this.latest) this.latest.persisted = this.compilePersisted(this.latest);
  }

  private compilePersisted(model: CostModel): Map<string, Measured> {
    const persisted = new Map<string, Measured>();
    for (const body of this.manifestBodies()) {
      const known = model.persisted.get(body);
      if (known) {
        persisted.set(body, known);
        continue;
      }
      const document = parse(body);
      persisted.set(body, {
        demand: model.compilers.demand.compile(document, undefined),
        answerValues: model.compilers.answerValues.compile(document, undefined),
      });
    }
    return persisted;
  }

  /** The operation's cost; throws BAD_USER_INPUT for a page size below 1. */
  costOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    query: string | undefined,
    variables: Record<string, unknown>,
    measure: CostMeasure = 'demand',
  ): number {
    const model = this.models.get(schema) ?? this.latest;
    if (!model) return 0;
    let measured = query !== undefined ? model.persisted.get(query) : undefined;
    if (!measured) {
      let byName = model.byDocument.get(document);
      if (!byName) model.byDocument.set(document, (byName = new Map()));
      measured = byName.get(operationName ?? '');
      if (!measured) {
        measured = {
          demand: model.compilers.demand.compile(document, operationName),
          answerValues: model.compilers.answerValues.compile(document, operationName),
        };
        byName.set(operationName ?? '', measured);
      }
    }
    return evaluated(measured[measure], variables);
  }

  /**
   * Checks page sizes, the cost and the answer's size once the operation is
   * resolved, before it is planned.
   */
  plugin(): ApolloServerPlugin {
    const { maxCost, maxAnswerValues } = this.limits;
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
          const measured = (measure: CostMeasure) =>
            this.costOf(schema, document, operationName, request.query, coerced.coerced, measure);
          const cost = measured('demand');
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
          const answerValues = measured('answerValues');
          if (answerValues > maxAnswerValues) {
            throw new GraphQLError(
              `The operation's answer may hold ${answerValues} values; at most ${maxAnswerValues} are allowed`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  answerValues,
                  maxAnswerValues,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      }),
    };
  }
}
