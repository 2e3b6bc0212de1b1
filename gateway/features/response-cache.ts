/** Whole query responses, cached as the least cacheable of their parts allows (gateway/cache/response-cache.ts). */
import { responseCachePlugin } from '../cache/response-cache';
import type { GatewayFeature } from './feature';
import { CACHE_RESPONSES } from './response-cache.settings';

export const responseCache: GatewayFeature = {
  name: 'responseCache',
  doc: 'whole responses, as long as the least cacheable of their parts allows',
  settings: [CACHE_RESPONSES],
  use: (config, { sharedState, observability }) => ({
    apolloPlugins: config.cache.responses
      ? [
          responseCachePlugin(sharedState.cache, (hit) =>
            observability.metrics.recordCacheLookup('response', hit),
          ),
        ]
      : [],
  }),
};
