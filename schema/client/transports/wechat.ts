/**
 * The client over WeChat's `wx.request`, as WeChat documents it: options
 * `{ url, method, header, data, timeout, dataType, success, fail }`, `success`
 * receiving `{ data, statusCode, header }` for every HTTP status, the call
 * returning a RequestTask with `abort()`. WeChat gives up after 60 s on its own.
 */
import { ClientError, type Transport, type TransportResponse } from '../transport.js';

export interface WechatResponse {
  data: unknown;
  statusCode: number;
  header: Record<string, string>;
}

export interface WechatFailure {
  errMsg: string;
  errno?: number;
}

export interface WechatRequestOptions {
  url: string;
  method: 'GET' | 'POST';
  header: Record<string, string>;
  data?: string;
  timeout: number;
  /** Anything but 'json' leaves the body as text. */
  dataType: string;
  success(response: WechatResponse): void;
  fail(failure: WechatFailure): void;
}

export interface WechatRequestTask {
  abort(): void;
}

/** The part of the global `wx` the client uses. */
export interface WechatApi {
  request(options: WechatRequestOptions): WechatRequestTask | void;
}

export const WECHAT_TIMEOUT_MS = 60_000;

export function wechatTransport(wx: WechatApi): Transport {
  return {
    name: 'WeChat wx.request',
    platformTimeoutMs: WECHAT_TIMEOUT_MS,
    send(request) {
      let task: WechatRequestTask | void = undefined;
      const response = new Promise<TransportResponse>((resolve, reject) => {
        task = wx.request({
          url: request.url,
          method: request.method,
          header: request.headers,
          ...(request.body === undefined ? {} : { data: request.body }),
          timeout: request.timeoutMs,
          // The client parses the text itself, so that a proxy's HTML page is reported, not swallowed.
          dataType: 'text',
          success: (answer) =>
            resolve({ status: answer.statusCode, headers: answer.header ?? {}, body: answer.data }),
          fail: (failure) =>
            reject(
              new ClientError(
                /timeout/i.test(failure.errMsg) ? 'TIMEOUT' : 'NETWORK',
                `wx.request failed: ${failure.errMsg}`,
              ),
            ),
        });
      });
      return { response, abort: () => task?.abort() };
    },
  };
}
