/**
 * What a subgraph tells the gateway about caching its answers.
 *
 * Cache hints: each subgraph marks what may be cached, for how long and for
 * whom with Apollo's `@cacheControl` directive; Apollo Server turns the hints
 * of everything an answer touched into its Cache-Control header (least
 * cacheable part wins; anything unhinted is not cacheable at all, so the safe
 * mistake is the default). Apollo computes `_entities` from the `_Entity`
 * union, which carries no hint, so without `entitiesCacheHintPlugin` no
 * entity fetch would ever be cacheable.
 *
 * Cache tags (lib/cache-tags.ts): a query's answer lists, in `extensions.cacheTags`, the entities
 * it was built from (`Store:s1`: every entity object a field was resolved on,
 * plus what resolvers declare with `cacheTags.dependsOn`); the gateway tags
 * what it caches with them. A mutation's answer lists what its resolvers
 * declared changed (`cacheTags.changed`), and the gateway drops those entries.
 * Past MAX_CACHE_TAGS a query's answer is sent uncacheable, and a mutation's
 * lists the types of what it changed (`Store:*`), which reach every entry its
 * tags would have.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { cacheControlFromInfo, type CacheHint } from '@apollo/cache-control-types';
import { CACHE_TAGS_EXTENSION, cacheTag, MAX_CACHE_TAGS, typeTagsOf } from '../../lib/cache-tags';
import {
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
} from 'graphql';

export const CACHE_CONTROL_TYPE_DEFS: DocumentNode = parse(`
  # Only the subgraphs read it: kept out of the schema clients see.
  enum CacheControlScope @federation__inaccessible {
    PUBLIC
    PRIVATE
  }

  directive @cacheControl(
    maxAge: Int
    scope: CacheControlScope
    inheritMaxAge: Boolean
  ) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`);

/** The types of a subgraph SDL that are entities (carry `@key`). */
export function entityTypeNames(typeDefs: DocumentNode): Set<string> {
  const names = new Set<string>();
  for (const definition of typeDefs.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.directives?.some((directive) => directive.name.value === 'key')
    )
      names.add(definition.name.value);
  }
  return names;
}

/** A request's cache tags, on the subgraph context as `cacheTags`. */
export class CacheTags {
  readonly used = new Set<string>();
  readonly changed_ = new Set<string>();

  /** This answer depends on an entity no resolved object stands for (a merchant's tier mapping). */
  dependsOn(typename: string, id: string): void {
    this.used.add(cacheTag(typename, id));
  }

  /** This mutation changed an entity: cached answers built from it must go, for every user. */
  changed(typename: string, id: string): void {
    this.changed_.add(cacheTag(typename, id));
  }
}

interface Representation {
  __typename?: unknown;
}

/**
 * Gives `_entities` the hint of the entity types it was asked for (their
 * least cacheable one), and lists the entities every answer was built from.
 * Must be listed before Apollo's cache-control plugin, whose `info.cacheControl` it
 * uses: Apollo calls field hooks in the reverse order of the plugin list.
 */
export function entitiesCacheHintPlugin(
  schema: () => GraphQLSchema,
  entityTypes: ReadonlySet<string>,
): ApolloServerPlugin<{ cacheTags: CacheTags }> {
  return {
    async requestDidStart({ contextValue }) {
      const tags = contextValue.cacheTags;
      const tagged = new WeakSet<object>();
      return {
        async executionDidStart() {
          return {
            willResolveField({ source, args, info }) {
              const parent = info.parentType.name;
              if (entityTypes.has(parent) && source && typeof source === 'object') {
                if (!tagged.has(source)) {
                  tagged.add(source);
                  const id = (source as { id?: unknown }).id;
                  if (typeof id === 'string' || typeof id === 'number')
                    tags.used.add(cacheTag(parent, String(id)));
                }
              }
              if (parent !== 'Query' || info.fieldName !== '_entities') return;
              const representations = (args as { representations?: Representation[] })
                .representations;
              const cacheControl = cacheControlFromInfo(info);
              cacheControl.setCacheHint(
                hintForTypes(schema(), representations ?? [], cacheControl.cacheHintFromType),
              );
            },
          };
        },
        async willSendResponse({ response, overallCachePolicy, operation }) {
          if (response.body.kind !== 'single') return;
          const mutation = operation?.operation === 'mutation';
          // A query's tags matter only if it can be cached.
          if (!mutation && overallCachePolicy.policyIfCacheable() === null) return;
          const reported = mutation ? tags.changed_ : tags.used;
          if (reported.size === 0) return;
          let listed: string[];
          if (reported.size <= MAX_CACHE_TAGS) listed = [...reported];
          // Dropping every entry of the types it changed drops every entry it changed.
          else if (mutation) listed = typeTagsOf(reported);
          else {
            // Kept without all its tags, the answer would outlive a change to what they left
            // out. Apollo's cache-control plugin keeps this header whether it runs first or not.
            response.http.headers.set('cache-control', 'no-store');
            return;
          }
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [CACHE_TAGS_EXTENSION]: listed };
        },
      };
    },
  };
}

function hintForTypes(
  schema: GraphQLSchema,
  representations: readonly Representation[],
  hintOf: (type: GraphQLCompositeType) => CacheHint | undefined,
): CacheHint {
  let maxAge = Number.POSITIVE_INFINITY;
  let scope: CacheHint['scope'] = 'PUBLIC';
  const seen = new Set<string>();
  for (const representation of representations) {
    const typename = representation?.__typename;
    if (typeof typename !== 'string' || seen.has(typename)) continue;
    seen.add(typename);
    const type = schema.getType(typename);
    const hint = isObjectType(type) ? hintOf(type) : undefined;
    maxAge = Math.min(maxAge, hint?.maxAge ?? 0);
    if (hint?.scope === 'PRIVATE') scope = 'PRIVATE';
  }
  return { maxAge: Number.isFinite(maxAge) ? maxAge : 0, scope };
}
