import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../lib/errors';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import type { GatewayContext } from '../context';

/**
 * Every error a client sees carries the request id that the gateway's (and
 * the subgraphs') logs carry, and a subgraph that failed several fetches of
 * one plan is reported once.
 */
export function responseShapingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const unavailable = new Set<string>();
          const errors: GraphQLFormattedError[] = [];
          for (const error of response.body.singleResult.errors) {
            // `serviceName`: Apollo's key for the subgraph an error came from.
            const serviceName = error.extensions?.serviceName;
            if (
              error.extensions?.code === ErrorCode.SUBGRAPH_UNAVAILABLE &&
              typeof serviceName === 'string'
            ) {
              if (unavailable.has(serviceName)) continue;
              unavailable.add(serviceName);
            }
            errors.push({
              ...error,
              extensions: { ...error.extensions, requestId: contextValue.requestId },
            });
          }
          response.body.singleResult.errors = errors;
        },
      };
    },
  };
}
