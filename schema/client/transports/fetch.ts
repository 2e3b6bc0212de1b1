/**
 * The client over the Fetch API: browsers, web views and Node 18+. There is no
 * platform timeout; the client's own aborts the request.
 */
import { ClientError, type Transport } from '../transport';

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export function fetchTransport(
  // Called through a wrapper: a browser's fetch throws "Illegal invocation" when detached from window.
  fetchFunction: FetchFunction = (url, init) => globalThis.fetch(url, init),
): Transport {
  return {
    name: 'fetch',
    send(request) {
      const controller = new AbortController();
      const response = (async () => {
        let answer: Response;
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
