/** Whole query responses, cached as the least cacheable of their parts allows (gateway/cache/response-cache.ts). */
import { bool } from '../../lib/config';
import { setting } from '../../lib/settings';
import { responseCachePlugin } from '../cache/response-cache';
import type { GatewayFeature } from './feature';

export const CACHE_RESPONSES = setting({
  name: 'HUTONG_CACHE_RESPONSES',
  schema: bool,
  default: true,
  doc: 'the response cache of whole query responses',
});

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
