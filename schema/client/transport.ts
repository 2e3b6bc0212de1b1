/**
 * What the client needs of an HTTP stack, so that one client runs over the
 * browser's `fetch`, Alipay's `my.request` and WeChat's `wx.request` alike.
 */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The JSON text of a POST. */
  body?: string;
  /** Handed to the platform too, so that it gives up on the connection as well. */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** The response text, or what the platform already parsed from it. */
  body: unknown;
}

export interface SentRequest {
  response: Promise<TransportResponse>;
  /** Gives up on the request; its response promise may then never settle. */
  abort(): void;
}

export interface Transport {
  readonly name: string;
  /**
   * The platform's own request timeout: the client's must stay below it, so
   * that a slow answer ends as the client's TIMEOUT, not as a platform failure.
   */
  readonly platformTimeoutMs?: number;
  send(request: TransportRequest): SentRequest;
}

/** Why a request produced no GraphQL response at all. */
export type TransportFailure = 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE';

export class ClientError extends Error {
  constructor(
    readonly code: TransportFailure,
    message: string,
    /** The HTTP status, when an answer came that was not GraphQL. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
