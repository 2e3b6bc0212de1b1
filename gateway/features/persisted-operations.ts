/**
 * The persisted-operation manifest (gateway/plugins/persisted-operations.ts): in
 * production the only operations served, each app only its own; elsewhere APQ too.
 */
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { z } from 'zod';
import { bool } from '../../lib/config';
import { inProduction, setting } from '../../lib/settings';
import type { CacheLookupRecorder } from '../metrics';
import { persistedOperationsHook } from '../plugins/persisted-operations';
import type { GatewayFeature } from './feature';

export const PERSISTED_ONLY = setting({
  name: 'HUTONG_PERSISTED_ONLY',
  schema: bool,
  default: inProduction(true, false),
  doc: 'serve only the operations of `schema/persisted-operations.json`',
});
export const PERSISTED_OPERATIONS = setting({
  name: 'HUTONG_PERSISTED_OPERATIONS',
  schema: z.string(),
  default: 'schema/persisted-operations.json',
  doc: 'the persisted-operation manifest the gateway serves (`npm run compose` writes it)',
});

export const persistedOperations: GatewayFeature = {
  name: 'persistedOperations',
  doc: 'only the manifest in production, and of it only the operations the app ships',
  settings: [PERSISTED_ONLY, PERSISTED_OPERATIONS],
  use: (config, { manifest, callers, requestIdOf, sharedState, observability }) => ({
    preHandler: persistedOperationsHook({
      manifest: () => manifest,
      persistedOnly: config.persistedOnly,
      appOperations: (request) => {
        const { app: registered } = callers.of(request);
        return registered && { app: registered.id, names: registered.operations };
      },
      requestIdOf,
    }),
    apolloOptions: {
      // Production serves the manifest only; elsewhere clients may register operations (APQ).
      persistedQueries: config.persistedOnly
        ? false
        : { cache: countedLookups(sharedState.apq, observability.metrics) },
    },
  }),
};

/** APQ's store, with each lookup counted as a hit or a miss. */
function countedLookups(
  cache: KeyValueCache<string>,
  metrics: CacheLookupRecorder,
): KeyValueCache<string> {
  return {
    get: async (key) => {
      const value = await cache.get(key);
      metrics.recordCacheLookup('apq', value !== undefined);
      return value;
    },
    set: (key, value, options) => cache.set(key, value, options),
    delete: (key) => cache.delete(key),
  };
}
