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
} from './client';
export type { PersistedOperation, ResultOf, VariablesOf } from './operation';
export { ClientError, type Transport, type TransportFailure } from './transport';
export { fetchTransport } from './transports/fetch';
export { alipayTransport, type AlipayApi } from './transports/alipay';
export { wechatTransport, type WechatApi } from './transports/wechat';
export * from './generated/operations';
