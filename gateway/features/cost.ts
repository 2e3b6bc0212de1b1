/**
 * The list-aware cost limit (gateway/plugins/limits.ts `OperationCosts`), read
 * from the served supergraph's demand-control directives.
 */
import { OperationCosts } from '../plugins/limits';
import type { GatewayFeature } from './feature';
import { MAX_COST, MAX_ANSWER_VALUES, ASSUMED_LIST_SIZE } from './cost.settings';

export const cost: GatewayFeature = {
  name: 'cost',
  doc: "fields weighted by the list sizes they multiply, and the answer's values, against budgets",
  settings: [MAX_COST, MAX_ANSWER_VALUES, ASSUMED_LIST_SIZE],
  use: (config, { manifest }) => {
    // Costs follow the served supergraph's directives; persisted operations' are compiled on load.
    const costs = new OperationCosts(config.limits, () =>
      [...manifest.current().values()].map((operation) => operation.body),
    );
    manifest.onChange(() => costs.manifestChanged());
    return {
      apolloPlugins: [costs.plugin()],
      onSchemaLoad: ({ apiSchema, coreSupergraphSdl }) => costs.load(apiSchema, coreSupergraphSdl),
    };
  },
};
