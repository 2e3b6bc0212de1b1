/**
 * The client over Alipay's `my.request`, as Alipay documents it: options
 * `{ url, method, headers, data, timeout, dataType, success, fail }`, `success`
 * receiving `{ data, status, headers }`, the call returning a RequestTask with
 * `abort()`. Alipay gives up after 30 s on its own.
 */
import { ClientError, type Transport, type TransportResponse } from '../transport.js';

export interface AlipayResponse {
  data: unknown;
  status: number;
  headers: Record<string, string>;
}

/** `error` 13 is a timeout; 19 an HTTP error status, whose response comes along. */
export interface AlipayFailure {
  error: number;
  errorMessage: string;
  data?: unknown;
  status?: number;
  headers?: Record<string, string>;
}

export interface AlipayRequestOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  data?: string;
  timeout: number;
  dataType: 'json' | 'text' | 'base64' | 'arraybuffer';
  success(response: AlipayResponse): void;
  fail(failure: AlipayFailure): void;
}

export interface AlipayRequestTask {
  // Called with no argument, as Alipay documents it. Its typings (@mini-types/my) declare the
  // bridge's own argument object instead, which this signature accepts too, so that \`my\` fits.
  abort(...bridgeArguments: never[]): unknown;
}

/** The part of the global `my` the client uses. */
export interface AlipayApi {
  request(options: AlipayRequestOptions): AlipayRequestTask | void;
}

export const ALIPAY_TIMEOUT_MS = 30_000;
const ALIPAY_TIMEOUT = 13;
const ALIPAY_HTTP_ERROR = 19;

export function alipayTransport(my: AlipayApi): Transport {
  return {
    name: 'Alipay my.request',
    platformTimeoutMs: ALIPAY_TIMEOUT_MS,
    send(request) {
      let task: AlipayRequestTask | void = undefined;
      const response = new Promise<TransportResponse>((resolve, reject) => {
        task = my.request({
          url: request.url,
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { data: request.body }),
          timeout: request.timeoutMs,
          // The client parses the text itself, so that a proxy's HTML page is reported, not swallowed.
          dataType: 'text',
          success: (answer) =>
            resolve({ status: answer.status, headers: answer.headers ?? {}, body: answer.data }),
          fail: (failure) => {
            // 4xx and 5xx answers arrive here, GraphQL errors included: they are answers.
            if (failure.error === ALIPAY_HTTP_ERROR && failure.status !== undefined) {
              resolve({
                status: failure.status,
                headers: failure.headers ?? {},
                body: failure.data,
              });
              return;
            }
            reject(
              new ClientError(
                failure.error === ALIPAY_TIMEOUT ? 'TIMEOUT' : 'NETWORK',
                `my.request failed (${failure.error}): ${failure.errorMessage}`,
              ),
            );
          },
        });
      });
      return { response, abort: () => task?.abort() };
    },
  };
}
