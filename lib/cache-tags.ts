/**
 * The cache-tag protocol between the subgraphs and the gateway: a subgraph's
 * answer names, in `extensions.cacheTags`, the entities it was built from (a
 * query) or changed (a mutation); the gateway tags what it caches with them and
 * drops what a mutation changed. subgraphs/kit/cache-hints.ts writes them.
 *
 * Invalidating a type tag (`Store:*`) drops every entry with a tag of that
 * type (gateway/cache/store.ts), so a list of tags too long to send or to keep
 * can give way to its type tags and still reach every entry it would have.
 */
/** The extension key the gateway reads (and removes) from every subgraph answer. */
export const CACHE_TAGS_EXTENSION = 'cacheTags';

/**
 * Above this many tags an answer does not list them: a query's answer is then
 * not cacheable at all (nothing could drop it), and a mutation's lists the type
 * tags of what it changed instead.
 */
export const MAX_CACHE_TAGS = 500;

export function cacheTag(typename: string, id: string): string {
  return `${typename}:${id}`;
}

const ANY_ID = '*';

/**
 * `Store:*` for `Store:s1` (and for `Store:*`): the tag that stands for every
 * `Store`'s. A tag without a type, which no side makes, stands for itself.
 */
export function typeTagOf(tag: string): string {
  const separator = tag.indexOf(':');
  return separator === -1 ? tag : cacheTag(tag.slice(0, separator), ANY_ID);
}

/** `tags` in their place when they are too many to list: one tag a type. */
export function typeTagsOf(tags: Iterable<string>): string[] {
  return [...new Set([...tags].map(typeTagOf))];
}

/** `Store:` for the type tag `Store:*`, the start of every tag it stands for; null for another tag. */
export function typeTagPrefix(tag: string): string | null {
  return tag.endsWith(`:${ANY_ID}`) ? tag.slice(0, -ANY_ID.length) : null;
}
