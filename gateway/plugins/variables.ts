import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * Coerces the variables before planning. Behind a gateway the executor does
 * it, too late for Apollo Server's error handling: its errors carry no code
 * and still suggest field names. Here a bad variable is BAD_USER_INPUT (400).
 */
export function variablesPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          if (!operation) return;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
            {
              maxErrors: 5,
            },
          );
          if (coerced.errors) {
            const [first] = coerced.errors;
            throw new GraphQLError(first!.message, {
              ...(first!.nodes ? { nodes: first!.nodes } : {}),
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
