/**
 * The persisted-operation manifest (gateway/plugins/persisted-operations.ts), as
 * reloaded (gateway/manifest.ts): in production the only operations served,
 * each app only its own; elsewhere APQ too.
 */
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CacheLookupRecorder } from '../metrics';
import { explainedApqMisses, persistedOperationsHook } from '../plugins/persisted-operations';
import type { GatewayFeature } from './feature';
import {
  PERSISTED_ONLY,
  PERSISTED_OPERATIONS,
  PERSISTED_OPERATIONS_POLL_MS,
  PERSISTED_OPERATIONS_URL,
} from './persisted-operations.settings';

export const persistedOperations: GatewayFeature = {
  name: 'persistedOperations',
  doc: 'only the manifest in production, and of it only the operations the app ships',
  settings: [
    PERSISTED_ONLY,
    PERSISTED_OPERATIONS,
    PERSISTED_OPERATIONS_URL,
    PERSISTED_OPERATIONS_POLL_MS,
  ],
  use: (config, { manifest, callers, requestIdOf, sharedState, observability }) => ({
    preHandler: persistedOperationsHook({
      manifest: () => manifest.current(),
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
    apolloPlugins: config.persistedOnly ? [] : [explainedApqMisses()],
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
