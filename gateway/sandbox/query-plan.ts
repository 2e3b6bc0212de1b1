/**
 * The query plan of an operation, as the gateway would run it: Apollo's own
 * QueryPlanner over the same supergraph, printed with prettyFormatQueryPlan.
 * The operation is validated against the API schema first, so a field hidden
 * from clients (`@inaccessible`) is refused here as it is at /graphql.
 */
import { operationFromDocument, type Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { type GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';

export type QueryPlanResult = { plan: string } | { errors: { message: string; code: string }[] };

export interface QueryPlans {
  plan(query: string, operationName?: string): QueryPlanResult;
}

export function createQueryPlans(supergraphOf: () => Supergraph): QueryPlans {
  let built: { supergraph: Supergraph; api: GraphQLSchema; planner: QueryPlanner } | undefined;
  // Building the planner takes a few hundred milliseconds: only for those who ask.
  const planner = () => {
    const supergraph = supergraphOf();
    // A new supergraph (the gateway reloaded one) needs a planner of its own.
    if (built?.supergraph !== supergraph) {
      built = {
        supergraph,
        api: supergraph.apiSchema().toGraphQLJSSchema(),
        planner: new QueryPlanner(supergraph),
      };
    }
    return built;
  };
  return {
    plan(query, operationName) {
      const { supergraph, api, planner: queryPlanner } = planner();
      let document;
      try {
        document = parse(query);
      } catch (error) {
        return {
          errors: [{ message: (error as GraphQLError).message, code: 'GRAPHQL_PARSE_FAILED' }],
        };
      }
      const invalid = validate(api, document, specifiedRules);
      if (invalid.length > 0) {
        return {
          errors: invalid.map((error) => ({
            message: error.message,
            code: 'GRAPHQL_VALIDATION_FAILED',
          })),
        };
      }
      try {
        const operation = operationFromDocument(supergraph.schema, document, {
          ...(operationName ? { operationName } : {}),
        });
        return { plan: prettyFormatQueryPlan(queryPlanner.buildQueryPlan(operation)) };
      } catch (error) {
        // An unknown or missing operation name in a document of several.
        return { errors: [{ message: (error as Error).message, code: 'BAD_USER_INPUT' }] };
      }
    },
  };
}
