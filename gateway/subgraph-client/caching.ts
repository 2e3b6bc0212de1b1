/**
 * Every caching question of a subgraph fetch is answered here, at the top of
 * the client, where the gateway's caches of subgraph answers meet the
 * subgraphs' cache hints (their Cache-Control: max-age and public/private):
 *
 * - the entity cache: each entity of an `_entities` fetch is kept on its own,
 *   by subgraph, selection and representation (type and key), so a store or
 *   topic fetched for one request serves the next one that needs it, whatever
 *   else that request asks for; only the missing entities are fetched;
 * - the fetch cache: any other query fetch (`nearbyStores`, `trendingTopics`,
 *   `me`), by subgraph and body;
 * - the request's own cache policy: every answer, cached or fetched, restricts
 *   the response's max-age and scope, and adds its tags for the response cache.
 *
 * A private answer is kept under the viewer it was made for and never read
 * for anyone else. Every entry is tagged with the entities it was built from
 * (the subgraph lists them) and, when private, with its viewer; a mutation
 * drops the entries of the entities it returned and everything private of the
 * viewer who made it, so a user's write is visible on their next read. That
 * holds for the response cache's entries too, which carry the tags of every
 * answer the response was built from, whether the subgraph caches are on or not.
 */
import { createHash } from 'node:crypto';
import type { CacheHint, CacheScope } from '@apollo/cache-control-types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import { CACHE_TAGS_EXTENSION, cacheTag } from '../../lib/cache-tags';
import { CLOCK_SKEW_SECONDS, CREDENTIAL_LIFETIME_SECONDS } from '../../lib/credential';
import type { CacheStore, CacheWrite } from '../cache/store';
import type { GatewayContext } from '../context';
import type { CacheLookupRecorder } from '../metrics';
import type { FetchedAnswer, FetchNext, SubgraphFetch } from './fetch';

/** What a cached answer contributes to the request that used it. */
export interface CacheUse extends Required<CacheHint> {
  tags: readonly string[];
}

const NOT_RECORDED: CacheLookupRecorder = { recordCacheLookup: () => {} };

interface StoredAnswer {
  /** The response (fetch cache) or the entity (entity cache). */
  v: unknown;
  s: CacheScope;
  /** Expiry, in ms since the epoch. */
  x: number;
  t: string[];
}

export function viewerTag(viewerId: string | null): string {
  return `viewer:${viewerId ?? ''}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Takes the subgraph's cache tags out of its answer: they are for the gateway only. */
export function takeCacheTags(response: GatewayGraphQLResponse): string[] {
  const extensions = response.extensions as Record<string, unknown> | undefined;
  const tags = extensions?.[CACHE_TAGS_EXTENSION];
  if (!extensions || tags === undefined) return [];
  delete extensions[CACHE_TAGS_EXTENSION];
  if (Object.keys(extensions).length === 0)
    delete (response as { extensions?: unknown }).extensions;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** What a subgraph's Cache-Control header allows, as Apollo's cache policy reads it. */
export function cacheHintOf(header: string | undefined): CacheHint {
  if (!header) return { maxAge: 0 };
  const maxAge = /(?:^|,)\s*max-age=(\d+)/.exec(header)?.[1];
  const hint: CacheHint = { maxAge: maxAge ? Number(maxAge) : 0 };
  if (/(?:^|,)\s*private\b/.test(header)) hint.scope = 'PRIVATE';
  if (/(?:^|,)\s*public\b/.test(header)) hint.scope = 'PUBLIC';
  return hint;
}

function cacheable(response: GatewayGraphQLResponse, hint: CacheHint): boolean {
  return (hint.maxAge ?? 0) > 0 && !response.errors?.length && response.data != null;
}

function use(stored: StoredAnswer, now: number): CacheUse {
  return {
    maxAge: Math.max(0, Math.floor((stored.x - now) / 1000)),
    scope: stored.s,
    tags: stored.t,
  };
}

function parse(value: string | null, now: number): StoredAnswer | null {
  if (value === null) return null;
  const stored = JSON.parse(value) as StoredAnswer;
  return stored.x > now ? stored : null;
}

/**
 * What an entity's answer depends on besides its representation: the query,
 * and the fetch's other variables (`delivery(to: $to)` differs by point).
 */
export type EntitySelection = string & { readonly __entitySelection: unique symbol };

export function entitySelection(
  query: string,
  variables: Record<string, unknown> | undefined,
): EntitySelection {
  const { representations: _keyed, ...others } = variables ?? {};
  return digest(`${query}\n${JSON.stringify(others)}`) as EntitySelection;
}

export interface EntityFetchPlan {
  /** The representations to fetch from the subgraph, in order. */
  missing: unknown[];
  /** Where each fetched entity goes in the full `_entities` list. */
  missingAt: number[];
  /** The full list, with cached entities filled in. */
  entities: unknown[];
  uses: CacheUse[];
}

export class SubgraphCache {
  constructor(
    private readonly store: CacheStore,
    private readonly subgraph: string,
    private readonly lookups: CacheLookupRecorder = NOT_RECORDED,
  ) {}

  private fetchKeys(body: string, viewerId: string | null): [string, string] {
    const base = `f:${this.subgraph}:${digest(body)}`;
    return [base, `${base}:v:${viewerId ?? ''}`];
  }

  async getFetch(
    body: string,
    viewerId: string | null,
  ): Promise<{ response: GatewayGraphQLResponse; use: CacheUse } | null> {
    const now = Date.now();
    const [shared, own] = await this.store.getMany(this.fetchKeys(body, viewerId));
    const stored = parse(shared ?? null, now) ?? parse(own ?? null, now);
    this.lookups.recordCacheLookup('fetch', stored !== null);
    return stored ? { response: stored.v as GatewayGraphQLResponse, use: use(stored, now) } : null;
  }

  async putFetch(
    body: string,
    viewerId: string | null,
    response: GatewayGraphQLResponse,
    hint: CacheHint,
    tags: readonly string[],
  ): Promise<void> {
    if (!cacheable(response, hint)) return;
    const maxAge = hint.maxAge ?? 0;
    const scope = hint.scope ?? 'PUBLIC';
    const [shared, own] = this.fetchKeys(body, viewerId);
    const entryTags = scope === 'PRIVATE' ? [...tags, viewerTag(viewerId)] : [...tags];
    const stored: StoredAnswer = {
      v: response,
      s: scope,
      x: Date.now() + maxAge * 1000,
      t: entryTags,
    };
    await this.store.setMany([
      {
        key: scope === 'PRIVATE' ? own : shared,
        value: JSON.stringify(stored),
        ttlMs: maxAge * 1000,
        tags: entryTags,
      },
    ]);
  }

  private entityKeys(
    selection: EntitySelection,
    representation: unknown,
    viewerId: string | null,
  ): [string, string] {
    const base = `e:${this.subgraph}:${selection}:${digest(JSON.stringify(representation))}`;
    return [base, `${base}:v:${viewerId ?? ''}`];
  }

  /**
   * Where the store says that entities of a selection may be kept: written
   * with them, living as long as the longest lived of them. Without it none
   * is, and a lookup is spared hashing each representation for keys that
   * cannot be there, as on every fetch of a selection whose answers carry no
   * cache hint. Should it go first (evicted, or shortened by two writes at
   * once) an entity still kept is fetched again: a miss, never a stale answer.
   */
  private selectionKey(selection: EntitySelection): string {
    return `e:${this.subgraph}:${selection}`;
  }

  /** Fills what the cache holds of an `_entities` fetch and says what is left to fetch. */
  async planEntities(
    selection: EntitySelection,
    representations: readonly unknown[],
    viewerId: string | null,
  ): Promise<EntityFetchPlan> {
    const now = Date.now();
    const [kept] = await this.store.getMany([this.selectionKey(selection)]);
    if (kept == null || Number(kept) <= now) {
      this.lookups.recordCacheLookup('entity', false, representations.length);
      return {
        missing: [...representations],
        missingAt: representations.map((_, index) => index),
        entities: representations.map(() => null),
        uses: [],
      };
    }
    const keys = representations.flatMap((representation) =>
      this.entityKeys(selection, representation, viewerId),
    );
    const values = await this.store.getMany(keys);
    const plan: EntityFetchPlan = { missing: [], missingAt: [], entities: [], uses: [] };
    representations.forEach((representation, index) => {
      const stored =
        parse(values[2 * index] ?? null, now) ?? parse(values[2 * index + 1] ?? null, now);
      if (stored) {
        plan.entities[index] = stored.v;
        plan.uses.push(use(stored, now));
      } else {
        plan.entities[index] = null;
        plan.missing.push(representation);
        plan.missingAt.push(index);
      }
    });
    const hits = representations.length - plan.missing.length;
    if (hits > 0) this.lookups.recordCacheLookup('entity', true, hits);
    if (plan.missing.length > 0)
      this.lookups.recordCacheLookup('entity', false, plan.missing.length);
    return plan;
  }

  /**
   * Keeps each fetched entity. It is tagged with its own key and with the
   * entities nested in the batch's answer (the subgraph lists them for the
   * whole batch), but not with the other entities of the batch.
   */
  async putEntities(
    selection: EntitySelection,
    representations: readonly unknown[],
    entities: readonly unknown[],
    viewerId: string | null,
    hint: CacheHint,
    batchTags: readonly string[],
  ): Promise<void> {
    const maxAge = hint.maxAge ?? 0;
    if (maxAge <= 0) return;
    const scope = hint.scope ?? 'PUBLIC';
    const ownTags = representations.map(entityTagOf);
    const batchKeys = new Set(ownTags.filter((tag): tag is string => tag !== null));
    const nested = batchTags.filter((tag) => !batchKeys.has(tag));
    if (scope === 'PRIVATE') nested.push(viewerTag(viewerId));
    const now = Date.now();
    const expiresAt = now + maxAge * 1000;
    const selectionKey = this.selectionKey(selection);
    const [kept] = await this.store.getMany([selectionKey]);
    const selectionExpiresAt = Math.max(expiresAt, Number(kept ?? 0));
    const writes: CacheWrite[] = representations.map((representation, index) => {
      const [shared, own] = this.entityKeys(selection, representation, viewerId);
      const own_tag = ownTags[index];
      const tags = own_tag ? [own_tag, ...nested] : nested;
      const stored: StoredAnswer = { v: entities[index] ?? null, s: scope, x: expiresAt, t: tags };
      return {
        key: scope === 'PRIVATE' ? own : shared,
        value: JSON.stringify(stored),
        ttlMs: maxAge * 1000,
        tags,
      };
    });
    writes.push({
      key: selectionKey,
      value: String(selectionExpiresAt),
      ttlMs: selectionExpiresAt - now,
      tags: [],
    });
    await this.store.setMany(writes);
  }
}

/**
 * How long after a mutation fetch fails its commit may still land. A subgraph
 * accepts a fetch only until its credential expires (signed before the fetch
 * failed, good for CREDENTIAL_LIFETIME_SECONDS and the clock skew allowed),
 * and a healthy one is done with what it accepted within the subgraph timeout.
 */
export function mutationCommitWindowMs(subgraphTimeoutMs: number): number {
  return (CREDENTIAL_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) * 1000 + subgraphTimeoutMs;
}

/**
 * What a mutation drops from the gateway's caches: the entries of the
 * entities it declares changed, and everything private of the viewer who made
 * it. It works on the store the entity, fetch and response caches share, so it
 * holds whichever of them are on, and reaches every worker and replica the
 * store reaches.
 */
export class CacheInvalidation {
  constructor(
    private readonly store: CacheStore,
    /** See `mutationCommitWindowMs`. */
    private readonly commitWindowMs: number,
  ) {}

  async afterMutation(changedTags: readonly string[], viewerId: string | null): Promise<void> {
    const tags = viewerId ? [...changedTags, viewerTag(viewerId)] : [...changedTags];
    if (tags.length > 0) await this.store.invalidate(tags);
  }

  /**
   * A mutation fetch that failed (timed out, lost its connection, cut or
   * unreadable answer) may have committed, or may commit later, and no answer
   * says what it changed. So the viewer's private entries go now, for a commit
   * that came before the failure, and once more when the commit window has
   * passed, for one that comes after: an entry written in between from the
   * state before the commit lives until then at most, not for its max-age.
   * Refusing to cache the viewer's answers during the window instead would hold
   * in this process only; a second invalidation reaches every worker and
   * replica the first does. Other users see what else it changed when their
   * entries expire.
   */
  async afterFailedMutation(viewerId: string | null): Promise<void> {
    if (viewerId === null) return;
    const tags = [viewerTag(viewerId)];
    await this.store.invalidate(tags);
    // The stores log their own failures; a stopping gateway need not wait for this one.
    setTimeout(() => this.store.invalidate(tags).catch(() => {}), this.commitWindowMs).unref();
  }
}

/** `Store:s1` for a representation `{ __typename: "Store", id: "s1", ... }`. */
export function entityTagOf(representation: unknown): string | null {
  if (!representation || typeof representation !== 'object') return null;
  const { __typename, id } = representation as { __typename?: unknown; id?: unknown };
  return typeof __typename === 'string' && (typeof id === 'string' || typeof id === 'number')
    ? cacheTag(__typename, String(id))
    : null;
}

function entityTagsOf(representations: readonly unknown[]): string[] {
  return representations.map(entityTagOf).filter((tag): tag is string => tag !== null);
}

/** An error of a partial `_entities` fetch, pointed at the entity's place in the full list. */
function atFullListIndex(error: GraphQLFormattedError, missingAt: readonly number[]) {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const index = missingAt[path[1]];
  return index === undefined ? error : { ...error, path: ['_entities', index, ...path.slice(2)] };
}

/**
 * The caching layer, the first a fetch meets: it answers from the caches what
 * they hold, sends the rest down, keeps what may be kept, drops what a
 * mutation changed, and makes the request's cache policy as strict as the
 * least cacheable answer, its tags those of every answer. Without the
 * subgraph caches (HUTONG_CACHE_SUBGRAPH_ANSWERS off) the last two parts are
 * left: the response cache needs them.
 */
export class SubgraphCaching {
  constructor(
    private readonly cache: SubgraphCache | undefined,
    private readonly invalidation: CacheInvalidation,
  ) {}

  async run(fetch: SubgraphFetch, next: FetchNext): Promise<GatewayGraphQLResponse> {
    if (fetch.kind === 'mutation') return this.mutate(fetch, next);
    const context = fetch.incoming?.context;
    // Only a gateway request's fetches are cached: Apollo's own have no viewer to key on.
    const cache = context ? this.cache : undefined;
    if (cache && fetch.kind === 'entities' && fetch.representations)
      return this.fetchEntities(fetch, fetch.representations, cache, context!, next);
    const viewerId = context?.viewerId ?? null;
    if (cache) {
      const hit = await cache.getFetch(fetch.body, viewerId);
      if (hit) {
        this.builtFrom(fetch, hit.use, hit.use.tags);
        return hit.response;
      }
    }
    const { response, cacheControl } = await next(fetch);
    const tags = [...takeCacheTags(response), ...entityTagsOf(fetch.representations ?? [])];
    const hint = cacheHintOf(cacheControl);
    await cache?.putFetch(fetch.body, viewerId, response, hint, tags);
    this.builtFrom(fetch, hint, tags);
    return response;
  }

  private async mutate(fetch: SubgraphFetch, next: FetchNext): Promise<GatewayGraphQLResponse> {
    const viewerId = fetch.incoming?.context.viewerId ?? null;
    let answer: FetchedAnswer;
    try {
      answer = await next(fetch);
    } catch (error) {
      await this.invalidation.afterFailedMutation(viewerId);
      throw error;
    }
    const { response, cacheControl } = answer;
    await this.invalidation.afterMutation(takeCacheTags(response), viewerId);
    fetch.incoming?.overallCachePolicy.restrict(cacheHintOf(cacheControl));
    return response;
  }

  /** An `_entities` fetch: cached entities are filled in, only the others are fetched. */
  private async fetchEntities(
    fetch: SubgraphFetch,
    representations: readonly unknown[],
    cache: SubgraphCache,
    context: GatewayContext,
    next: FetchNext,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = fetch;
    const selection = entitySelection(request.query ?? '', request.variables);
    const plan = await cache.planEntities(selection, representations, context.viewerId);
    for (const use of plan.uses) this.builtFrom(fetch, use, use.tags);
    if (plan.missing.length === 0) return { data: { _entities: plan.entities } };

    const whole = plan.missing.length === representations.length;
    const sent = whole
      ? fetch
      : fetch.with({
          request: {
            ...request,
            variables: { ...request.variables, representations: plan.missing },
          },
          representations: plan.missing,
        });
    const { response, cacheControl } = await next(sent);
    const tags = takeCacheTags(response);
    const hint = cacheHintOf(cacheControl);
    this.builtFrom(fetch, hint, [...tags, ...entityTagsOf(plan.missing)]);
    const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    const complete = Array.isArray(entities) && entities.length === plan.missing.length;
    if (complete) {
      entities.forEach((entity, index) => (plan.entities[plan.missingAt[index]!] = entity));
      if (!response.errors?.length)
        await cache.putEntities(selection, plan.missing, entities, context.viewerId, hint, tags);
    }
    // A nonsense answer is the gateway's to report, as it would without a cache.
    if (!complete && whole) return response;
    return {
      ...response,
      data: { ...response.data, _entities: plan.entities },
      errors: response.errors?.map((error) => atFullListIndex(error, plan.missingAt)),
    };
  }

  /**
   * An answer, cached or fetched, that the response is built from: the response is only
   * as cacheable as its least cacheable part, and is dropped with any entity of any part.
   */
  private builtFrom(fetch: SubgraphFetch, hint: CacheHint, tags: readonly string[]): void {
    fetch.incoming?.overallCachePolicy.restrict(hint);
    const requestTags = fetch.incoming?.context.cacheTags;
    if (requestTags) for (const tag of tags) requestTags.add(tag);
  }
}
