/**
 * The client over the Fetch API: browsers, web views and Node 18+. There is no
 * platform timeout; the client's own aborts the request.
 *
 * A mini-program's TypeScript has no DOM lib, so the little of the Fetch API
 * used here is declared here, structurally: a browser's or Node's `fetch`,
 * `Response` and `AbortController` all fit it.
 */
import { ClientError, type Transport } from '../transport.js';

interface MinimalAbortController {
  readonly signal: unknown;
  abort(): void;
}

/**
 * The platform's own AbortController where its typings declare one (DOM, Node), so that a
 * `FetchInit` can be handed on to the platform's `fetch`; otherwise just what the client calls.
 */
type PlatformAbortController = typeof globalThis extends {
  AbortController: new () => infer Controller extends MinimalAbortController;
}
  ? Controller
  : MinimalAbortController;

export interface FetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: PlatformAbortController['signal'];
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}

export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;

declare const AbortController: new () => PlatformAbortController;
declare function fetch(url: string, init: FetchInit): Promise<FetchResponse>;

export function fetchTransport(
  // Looked up on each call rather than stored: a browser's fetch throws "Illegal invocation" when
  // called on another object, and a fetch replaced after the client was made is still the one used.
  fetchFunction: FetchFunction = (url, init) => fetch(url, init),
): Transport {
  return {
    name: 'fetch',
    send(request) {
      const controller = new AbortController();
      const response = (async () => {
        let answer: FetchResponse;
        try {
          answer = await fetchFunction(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            signal: controller.signal,
          });
        } catch (error) {
          throw new ClientError('NETWORK', `The request failed: ${(error as Error).message}`);
        }
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => (headers[name] = value));
        return { status: answer.status, headers, body: await answer.text() };
      })();
      return { response, abort: () => controller.abort() };
    },
  };
}
