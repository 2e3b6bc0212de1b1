/**
 * The typed mini-program client: `createClient` with a transport for the
 * platform, then `execute` an operation of schema/operations/ by its generated
 * constant, e.g. `client.execute(MiniProgramHome, { lat, lng })`.
 */
export {
  createClient,
  DEFAULT_TIMEOUT_MS,
  unavailableServices,
  type ClientOptions,
  type ExecuteOptions,
  type ExecutionResult,
  type GraphQLErrorShape,
  type HutongClient,
} from './client.js';
export type { PersistedOperation, ResultOf, VariablesOf } from './operation.js';
export { ClientError, type Transport, type TransportFailure } from './transport.js';
export { fetchTransport } from './transports/fetch.js';
export { alipayTransport, type AlipayApi } from './transports/alipay.js';
export { wechatTransport, type WechatApi } from './transports/wechat.js';
export * from './generated/operations.js';
