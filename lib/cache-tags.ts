/**
 * The cache-tag protocol between the subgraphs and the gateway: a subgraph's
 * answer names, in `extensions.cacheTags`, the entities it was built from (a
 * query) or changed (a mutation); the gateway tags what it caches with them and
 * drops what a mutation changed. subgraphs/kit/cache-hints.ts writes them.
 */
/** The extension key the gateway reads (and removes) from every subgraph answer. */
export const CACHE_TAGS_EXTENSION = 'cacheTags';

/** Above this many entities an answer is not worth caching, and its tags not worth sending. */
export const MAX_CACHE_TAGS = 500;

export function cacheTag(typename: string, id: string): string {
  return `${typename}:${id}`;
}
