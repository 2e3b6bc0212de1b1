/**
 * Who a request speaks for and how much it may ask: the user's access token, the
 * app it names, then the app's and the user's rate limits (gateway/plugins/callers.ts).
 */
import type { GatewayFeature } from './feature';
import { TOKEN_SETTINGS, APP_SETTINGS, RATE_LIMIT_SETTINGS } from './callers.settings';

export const callers: GatewayFeature = {
  name: 'callers',
  doc: "the caller's token and app are verified, then the app's and the user's rate limits taken",
  settings: [...TOKEN_SETTINGS, ...APP_SETTINGS, ...RATE_LIMIT_SETTINGS],
  use: (_config, { callers }) => ({ preHandler: callers.hook() }),
};
