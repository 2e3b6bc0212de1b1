import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

/** Enough of a name the client sent to recognise it by, however long it was. */
const SHOWN_NAME_LENGTH = 64;

/** graphql-js's words for an operation it cannot pick out of a document. */
function unresolvedOperationMessage(
  document: DocumentNode,
  operationName: string | null | undefined,
): string {
  if (typeof operationName === 'string') {
    return `Unknown operation named "${operationName.slice(0, SHOWN_NAME_LENGTH)}".`;
  }
  const operations = document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operations.length > 1
    ? 'Must provide operation name if query contains multiple operations.'
    : 'Must provide an operation.';
}

/**
 * An operation name that names none of the document's operations (or none given where it holds
 * several) is refused as Apollo Server refuses it without a gateway: 400
 * OPERATION_RESOLUTION_FAILURE. Behind a gateway Apollo carries on without an operation, and
 * the hooks after this one, the response cache among them, and the gateway itself would each
 * meet the operation unresolved.
 */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          throw new GraphQLError(unresolvedOperationMessage(document, request.operationName), {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}
