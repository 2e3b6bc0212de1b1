/**
 * The supergraph features Hutong serves: Apollo's defaults, plus the
 * authorization directives that Hutong's gateway enforces itself
 * (gateway/authorization.ts). Composition links those `for: SECURITY`, which
 * @apollo/federation-internals refuses by default because @apollo/gateway
 * does not enforce them; everything here that reads the supergraph accepts
 * them, and any other security or execution feature is still refused.
 */
import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';

export const ENFORCED_SECURITY_FEATURES: readonly string[] = [
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
];

export const SUPPORTED_SUPERGRAPH_FEATURES: ReadonlySet<string> = new Set([
  ...DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES,
  ...ENFORCED_SECURITY_FEATURES,
]);

export function buildSupergraph(sdl: string): Supergraph {
  return Supergraph.build(sdl, { supportedFeatures: new Set(SUPPORTED_SUPERGRAPH_FEATURES) });
}
