/**
 * What the caller may not see (@authenticated, @requiresScopes, @policy) is removed
 * before planning (gateway/authorization.ts); a supergraph that names those
 * directives without enforcing them is made to enforce them.
 */
import { authorizingGateway, enforcedSupergraph } from '../authorization';
import type { GatewayFeature } from './feature';

export const authorization: GatewayFeature = {
  name: 'authorization',
  doc: 'fields the caller may not see are removed before planning',
  settings: [],
  use: () => ({ supergraph: enforcedSupergraph, gateway: authorizingGateway }),
};
