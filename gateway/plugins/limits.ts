/**
 * Operation limits, checked before a query is planned so that a rejected
 * operation never reaches a subgraph: depth, aliases, directives and root
 * fields as validation rules (tokens are capped by the parser itself), and a
 * cost that weighs every field by the list sizes it multiplies.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { OperationLimits } from '../../lib/config';

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

/** graphql-armor throws by default; reported, its findings are ordinary validation errors (400). */
const reportInsteadOfThrowing = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => context?.reportError(error),
  ],
};

export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: false, ...reportInsteadOfThrowing }),
    maxAliasesRule({ n: limits.maxAliases, ...reportInsteadOfThrowing }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportInsteadOfThrowing }),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}

/**
 * Each field costs 1 plus its children; a list multiplies its children by the
 * page the client asked for (`first` or `last`), or by `assumedListSize` when
 * it names none. A connection's `edges` and `nodes` lists are the page already
 * counted on the field that took `first`, so they do not multiply again.
 */
export function listCostEstimator(assumedListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const pageSize =
      typeof args.first === 'number'
        ? args.first
        : typeof args.last === 'number'
          ? args.last
          : undefined;
    const returnsList = isListType(getNullableType(field.type));
    const connectionPage =
      (field.name === 'edges' || field.name === 'nodes') && type.name.endsWith('Connection');
    const multiplier = pageSize ?? (returnsList && !connectionPage ? assumedListSize : 1);
    return 1 + multiplier * childComplexity;
  };
}

/** The cost check needs the request's variables (`first: $n`), so it runs once the operation is resolved. */
export function costLimitPlugin(limits: OperationLimits): ApolloServerPlugin {
  const estimators = [listCostEstimator(limits.assumedListSize)];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const cost = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(operationName ? { operationName } : {}),
            estimators,
          });
          if (cost > limits.maxCost) {
            throw new GraphQLError(
              `The operation costs ${cost}; at most ${limits.maxCost} is allowed`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  cost,
                  maxCost: limits.maxCost,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
