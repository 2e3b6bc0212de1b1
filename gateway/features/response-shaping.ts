/** Every error carries the request id; a subgraph failing several fetches is reported once. */
import { responseShapingPlugin } from '../plugins/responses';
import type { GatewayFeature } from './feature';

export const responseShaping: GatewayFeature = {
  name: 'responseShaping',
  doc: 'errors carry the request id, a failed subgraph is reported once',
  settings: [],
  use: () => ({ apolloPlugins: [responseShapingPlugin()] }),
};
