/** The settings of the callers feature (callers.ts): name, schema, default and doc of each. */
import { z } from 'zod';
import { positiveInt, url } from '../../lib/config';
import { inProduction, setting } from '../../lib/settings';

/** Seconds, or a number with s, m, h or d. */
const duration = z
  .string()
  .regex(/^\d+[smhd]?$/, 'expected a duration such as 3600, 90m, 24h or 7d')
  .transform((value) => {
    const unit = value.at(-1)!;
    const scale = { s: 1, m: 60, h: 3600, d: 86_400 }[unit] ?? 1;
    return Number.parseInt(value, 10) * scale;
  })
  .pipe(z.number().int().min(1));

export const JWT_SECRET = setting({
  name: 'HUTONG_JWT_SECRET',
  schema: z.string(),
  default: '',
  shownDefault: 'a development secret',
  doc: 'development only: HS256 secret of the tokens `npm run token` and the sandbox sign; refused in production',
});
export const JWKS_URL = setting<string | undefined>({
  name: 'HUTONG_JWKS_URL',
  schema: inProduction<z.ZodType<string | undefined>>(
    z.url({ protocol: /^https$/, message: 'expected an https URL' }),
    z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }),
  ),
  default: undefined,
  doc: "the sign-in service's JWKS (https in production): RS256/ES256 keys by `kid`, cached, refetched for a new `kid`",
});
export const JWKS_FILE = setting<string | undefined>({
  name: 'HUTONG_JWKS_FILE',
  schema: z.string().min(1),
  default: undefined,
  doc: 'the same keys as a JWKS file, reread when a token names a key it lacks and every 30 s',
});
export const TOKEN_ISSUER = setting({
  name: 'HUTONG_TOKEN_ISSUER',
  schema: z.string().min(1),
  default: 'hutong-sign-in',
  doc: 'the `iss` access tokens must carry',
});
export const TOKEN_AUDIENCE = setting({
  name: 'HUTONG_TOKEN_AUDIENCE',
  schema: z.string().min(1),
  default: 'hutong-gateway',
  doc: 'the `aud` access tokens must carry',
});
export const TOKEN_MAX_LIFETIME = setting({
  name: 'HUTONG_TOKEN_MAX_LIFETIME',
  schema: duration,
  default: 24 * 3600,
  shownDefault: '`24h`',
  doc: 'longest `exp` − `iat` accepted (seconds, or with s, m, h, d)',
});
export const APPS = setting({
  name: 'HUTONG_APPS',
  schema: z.string(),
  default: 'schema/apps.yaml',
  doc: 'the app registry file, reloaded when it changes',
});
export const APPS_URL = setting<string | undefined>({
  name: 'HUTONG_APPS_URL',
  schema: url,
  default: undefined,
  doc: 'fetch the app registry from here instead, every `HUTONG_APPS_POLL_MS`',
});
export const APPS_POLL_MS = setting({
  name: 'HUTONG_APPS_POLL_MS',
  schema: positiveInt,
  default: 10_000,
  doc: 'how often the registry file is checked or its URL fetched',
});
export const RATE_APP_BURST = setting({
  name: 'HUTONG_RATE_APP_BURST',
  schema: positiveInt,
  default: 400,
  doc: 'token bucket per client app (`x-app-id`): its capacity',
});
export const RATE_APP_PER_SECOND = setting({
  name: 'HUTONG_RATE_APP_PER_SECOND',
  schema: positiveInt,
  default: 200,
  doc: "the app bucket's refill, tokens per second",
});
export const RATE_USER_BURST = setting({
  name: 'HUTONG_RATE_USER_BURST',
  schema: positiveInt,
  default: 40,
  doc: 'token bucket per user (per address when anonymous): its capacity',
});
export const RATE_USER_PER_SECOND = setting({
  name: 'HUTONG_RATE_USER_PER_SECOND',
  schema: positiveInt,
  default: 10,
  doc: "the user bucket's refill, tokens per second",
});

export const TOKEN_SETTINGS = [
  JWT_SECRET,
  JWKS_URL,
  JWKS_FILE,
  TOKEN_ISSUER,
  TOKEN_AUDIENCE,
  TOKEN_MAX_LIFETIME,
];
export const APP_SETTINGS = [APPS, APPS_URL, APPS_POLL_MS];
export const RATE_LIMIT_SETTINGS = [
  RATE_APP_BURST,
  RATE_APP_PER_SECOND,
  RATE_USER_BURST,
  RATE_USER_PER_SECOND,
];
