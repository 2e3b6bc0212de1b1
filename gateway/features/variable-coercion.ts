/** Variables are checked and coerced before cost and planning (gateway/plugins/variables.ts). */
import { variablesPlugin } from '../plugins/variables';
import type { GatewayFeature } from './feature';

export const variableCoercion: GatewayFeature = {
  name: 'variableCoercion',
  doc: 'variables that cannot be stored or coerced are refused',
  settings: [],
  use: () => ({ apolloPlugins: [variablesPlugin()] }),
};
