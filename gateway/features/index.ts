/**
 * The gateway's features, in the order a request meets them. Before them all,
 * the HTTP app (lib/http.ts) bounds the body's size, depth and content type;
 * after them, planning and subgraph fetches are bounded by timeouts, the
 * request deadline, retries and circuit breakers (gateway/subgraph-client/).
 *
 * Each framework runs its hooks in list order: Fastify's (`http`, then each
 * `preHandler`), the parser's and validation's, then Apollo Server's plugins.
 */
import { authorization } from './authorization';
import { callers } from './callers';
import { cors } from './cors';
import { cost } from './cost';
import type { GatewayFeature } from './feature';
import { schemaDisclosure, tokenCap, validationLimits } from './operation-limits';
import { operationResolution } from './operation-resolution';
import { persistedOperations } from './persisted-operations';
import { responseCache } from './response-cache';
import { responseShaping } from './response-shaping';
import { variableCoercion } from './variable-coercion';

export type { FeatureDeps, FeatureHooks, GatewayFeature, ServedSchema } from './feature';

export const GATEWAY_FEATURES: readonly GatewayFeature[] = [
  cors,
  callers,
  persistedOperations,
  tokenCap,
  validationLimits,
  schemaDisclosure,
  operationResolution,
  variableCoercion,
  cost,
  authorization,
  responseShaping,
  responseCache,
];
