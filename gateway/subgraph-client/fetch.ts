/**
 * The value every layer of the subgraph client passes down: one fetch to one
 * subgraph, made once by `SubgraphClient.process` from what Apollo hands it,
 * and the answer that comes back up. A layer is `(fetch, next) => answer`,
 * the shape of Hive gateway's `onSubgraphExecute` executor wrappers.
 */
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, type DocumentNode } from 'graphql';
import type { Caller } from '../../lib/identity';
import type { GatewayContext } from '../context';

/**
 * `entities`: an `_entities` fetch of the query plan, which the entity cache
 * splits by representation; `mutation`: never cached, never sent twice.
 */
export type FetchKind = 'query' | 'mutation' | 'entities';

/** What is sent: the operation and its variables, without Apollo's `http` part. */
export type SubgraphRequest = Omit<GatewayGraphQLRequest, 'http'>;

export interface SubgraphFetchFields {
  readonly subgraph: string;
  readonly kind: FetchKind;
  readonly request: SubgraphRequest;
  /** The representations of an `entities` fetch, in order; undefined for the others. */
  readonly representations: readonly unknown[] | undefined;
  readonly caller: Caller;
  /** The caller's scopes, space-separated, as the credential and the collapse key carry them. */
  readonly scope: string;
  readonly requestId: string;
  /** Aborts when the request ends (client gone, deadline passed) or a shared fetch is abandoned. */
  readonly signal: AbortSignal | undefined;
  /** What is sent besides the body and the credential: content type, request id, traceparent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The gateway request this fetch serves; undefined for a fetch of Apollo's own (health check). */
  readonly incoming: GatewayGraphQLRequestContext<GatewayContext> | undefined;
}

export class SubgraphFetch implements SubgraphFetchFields {
  readonly subgraph: string;
  readonly kind: FetchKind;
  readonly request: SubgraphRequest;
  readonly representations: readonly unknown[] | undefined;
  readonly caller: Caller;
  readonly scope: string;
  readonly requestId: string;
  readonly signal: AbortSignal | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly incoming: GatewayGraphQLRequestContext<GatewayContext> | undefined;
  private json: string | undefined;

  constructor(fields: SubgraphFetchFields) {
    this.subgraph = fields.subgraph;
    this.kind = fields.kind;
    this.request = fields.request;
    this.representations = fields.representations;
    this.caller = fields.caller;
    this.scope = fields.scope;
    this.requestId = fields.requestId;
    this.signal = fields.signal;
    this.headers = fields.headers;
    this.incoming = fields.incoming;
  }

  /**
   * The request's JSON, made on first use and once: an entity fetch the cache
   * answers whole is never serialized, one it answers in part only as sent.
   */
  get body(): string {
    return (this.json ??= JSON.stringify(this.request));
  }

  /** This fetch with some fields replaced; the body is kept unless the request changes. */
  with(changes: Partial<SubgraphFetchFields>): SubgraphFetch {
    const changed = new SubgraphFetch({ ...this.fields(), ...changes });
    if (!changes.request) changed.json = this.json;
    return changed;
  }

  private fields(): SubgraphFetchFields {
    const { subgraph, kind, request, representations, caller, scope, requestId } = this;
    const { signal, headers, incoming } = this;
    return {
      subgraph,
      kind,
      request,
      representations,
      caller,
      scope,
      requestId,
      signal,
      headers,
      incoming,
    };
  }
}

/** A subgraph's answer as received. */
export interface FetchedAnswer {
  response: GatewayGraphQLResponse;
  /** The body as received, for the requests that joined a shared fetch. */
  text: string;
  cacheControl: string | undefined;
}

export type FetchNext = (fetch: SubgraphFetch) => Promise<FetchedAnswer>;

/** One layer of the client: does its part, and calls `next` for the rest (or answers itself). */
export type SubgraphLayer = (fetch: SubgraphFetch, next: FetchNext) => Promise<FetchedAnswer>;

/**
 * The kind of a fetch, from the operation the query planner made for it:
 * its operation type, and whether its one root field is `_entities` (the
 * planner sends entity fetches as `query($representations:[_Any!]!){_entities(...)}`).
 */
export function fetchKindOf(document: DocumentNode): FetchKind {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.operation === OperationTypeNode.MUTATION) return 'mutation';
    const [root] = definition.selectionSet.selections;
    return root?.kind === Kind.FIELD && root.name.value === '_entities' ? 'entities' : 'query';
  }
  return 'query';
}
