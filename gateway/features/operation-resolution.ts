/** The operation a request names must be one of its document's (gateway/plugins/operation-resolution.ts). */
import { operationResolutionPlugin } from '../plugins/operation-resolution';
import type { GatewayFeature } from './feature';

export const operationResolution: GatewayFeature = {
  name: 'operationResolution',
  doc: 'an operation name that names no operation of the document is refused',
  settings: [],
  use: () => ({ apolloPlugins: [operationResolutionPlugin()] }),
};
