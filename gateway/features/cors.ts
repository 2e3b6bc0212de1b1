/** Browsers may call the gateway only from the origins listed; unknown origins get no CORS headers. */
import fastifyCors from '@fastify/cors';
import { z } from 'zod';
import { inProduction, setting } from '../../lib/settings';
import type { GatewayFeature } from './feature';

const DEVELOPMENT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'];

const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.url({ message: 'expected comma-separated origins such as https://m.example.com' })),
  );

export const CORS_ORIGINS = setting({
  name: 'HUTONG_CORS_ORIGINS',
  schema: originList,
  default: inProduction<string[]>([], DEVELOPMENT_CORS_ORIGINS),
  shownDefault: '`http://localhost:4000` (none in production)',
  doc: 'comma-separated browser origins allowed by CORS',
});

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
