/** Browsers may call the gateway only from the origins listed; unknown origins get no CORS headers. */
import fastifyCors from '@fastify/cors';
import type { GatewayFeature } from './feature';
import { CORS_ORIGINS } from './cors.settings';

export const cors: GatewayFeature = {
  name: 'cors',
  doc: 'browsers may call only from the allowed origins',
  settings: [CORS_ORIGINS],
  use: (config) => ({
    http: async (app) => {
      const allowedOrigins = new Set(config.corsOrigins);
      await app.register(fastifyCors, {
        // Unknown origins get no CORS headers at all, so browsers keep the response from them.
        origin: (origin, callback) =>
          callback(null, origin !== undefined && allowedOrigins.has(origin)),
        methods: ['GET', 'POST', 'OPTIONS'],
      });
    },
  }),
};
