/**
 * Plans every persisted operation when a schema loads, and a new manifest's
 * new operations when it does, so the first client to send one does not wait
 * for the query planner (tens of milliseconds for
 * the home query). @apollo/gateway has no public way to add a plan, so this
 * fills its plan store the way its executor does — same key, same planner —
 * and checks that the parts it relies on are there (the version is pinned);
 * if they are not, it logs and the gateway plans on first use as before.
 */
import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import { parse } from 'graphql';
import type { Logger } from '../lib/logger';
import type { ManifestOperation } from './manifest';

interface GatewayPlanningInternals {
  apiSchema?: Schema;
  queryPlanner?: { buildQueryPlan(operation: unknown, options?: unknown): unknown };
  queryPlanStore?: { set(key: string, plan: unknown): Promise<void> };
  recursiveSelectionsLimitDisabled?: boolean;
  nonLocalSelectionsLimitDisabled?: boolean;
}

/** The executor's key: sha256 of the query's hash and the operation name. */
function planKey(query: string, operationName: string | undefined): string {
  const queryHash = createHash('sha256').update(query).digest('hex');
  return operationName
    ? createHash('sha256').update(queryHash).update(operationName).digest('hex')
    : queryHash;
}

export async function warmQueryPlans(
  gateway: ApolloGateway,
  operations: Iterable<ManifestOperation>,
  log: Logger,
): Promise<number> {
  const internals = gateway as unknown as GatewayPlanningInternals;
  const { apiSchema, queryPlanner, queryPlanStore } = internals;
  if (!apiSchema || !queryPlanner || !queryPlanStore) {
    log.warn('query plans not warmed: this @apollo/gateway version plans differently');
    return 0;
  }
  let warmed = 0;
  for (const operation of operations) {
    try {
      const document = parse(operation.body);
      const plan = queryPlanner.buildQueryPlan(
        operationFromDocument(apiSchema, document, { operationName: operation.name }),
        {
          recursiveSelectionsLimitDisabled: internals.recursiveSelectionsLimitDisabled === true,
          nonLocalSelectionsLimitDisabled: internals.nonLocalSelectionsLimitDisabled === true,
        },
      );
      await queryPlanStore.set(planKey(operation.body, operation.name), plan);
      warmed++;
    } catch (error) {
      // An operation the schema no longer serves: it fails for its client as it would anyway.
      log.warn({ err: error, operation: operation.name }, 'could not plan a persisted operation');
    }
  }
  return warmed;
}
