/**
 * The list-aware cost limit (gateway/plugins/limits.ts `OperationCosts`), read
 * from the served supergraph's demand-control directives.
 */
import { positiveInt } from '../../lib/config';
import { setting } from '../../lib/settings';
import { OperationCosts } from '../plugins/limits';
import type { GatewayFeature } from './feature';

export const MAX_COST = setting({
  name: 'HUTONG_MAX_COST',
  schema: positiveInt,
  default: 5000,
  doc: 'list-aware cost limit (the home query costs about 180)',
});
export const ASSUMED_LIST_SIZE = setting({
  name: 'HUTONG_ASSUMED_LIST_SIZE',
  schema: positiveInt,
  default: 20,
  doc: 'the size of a list no schema sizes, for the cost',
});

export const cost: GatewayFeature = {
  name: 'cost',
  doc: 'fields weighted by the list sizes they multiply, against a budget',
  settings: [MAX_COST, ASSUMED_LIST_SIZE],
  use: (config, { manifest }) => {
    // Costs follow the served supergraph's directives; persisted operations' are compiled on load.
    const costs = new OperationCosts(
      config.limits,
      [...manifest.values()].map((operation) => operation.body),
    );
    return {
      apolloPlugins: [costs.plugin()],
      onSchemaLoad: ({ apiSchema, coreSupergraphSdl }) => costs.load(apiSchema, coreSupergraphSdl),
    };
  },
};
