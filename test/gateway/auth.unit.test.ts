import { spawnSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { AppRegistry } from '../../gateway/apps';
import {
  AccessTokenVerifier,
  authenticate,
  signDevelopmentToken,
  type AccessTokenSettings,
} from '../../gateway/auth';
import { DEVELOPMENT_JWT_SECRET } from '../../gateway/config';
import { isValidUserId } from '../../lib/identity';
import { silentLog } from '../support/harness';
import { TestSignIn } from '../support/production';

const SECRET = 'a-test-secret-that-is-long-enough-32';
const DEVELOPMENT: AccessTokenSettings = {
  issuer: 'hutong-sign-in',
  audience: 'hutong-gateway',
  maxLifetimeSeconds: 24 * 3600,
  hs256Secret: SECRET,
  jwksFile: undefined,
  jwksUrl: undefined,
};

const APPS = AppRegistry.parse(
  `apps:
  - { id: wallet-home, name: Home, status: active, scopes: [profile, orders, payments] }
  - { id: guide, name: Guide, status: active, scopes: [profile] }
  - { id: gone, name: Gone, status: suspended, scopes: [profile] }`,
  'test registry',
);

function token(
  userId: string,
  options: { app?: string; scopes?: string[]; expiresIn?: string | number; secret?: string } = {},
): string {
  return signDevelopmentToken(
    {
      userId,
      appId: options.app ?? 'wallet-home',
      scopes: options.scopes ?? ['profile', 'orders'],
      expiresIn: options.expiresIn ?? '1h',
    },
    {
      issuer: DEVELOPMENT.issuer,
      audience: DEVELOPMENT.audience,
      secret: options.secret ?? SECRET,
    },
  );
}

/** Signs exactly the claims given, with HS256 and the test secret. */
function raw(claims: Record<string, unknown>, header: Record<string, unknown> = { typ: 'at+jwt' }) {
  const present = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return jwt.sign(present, SECRET, {
    algorithm: 'HS256',
    header: { alg: 'HS256', ...header },
    noTimestamp: true,
  });
}

const now = () => Math.floor(Date.now() / 1000);
const valid = () => ({
  iss: 'hutong-sign-in',
  aud: 'hutong-gateway',
  sub: 'demo',
  client_id: 'wallet-home',
  scope: 'profile',
  jti: 'j-1',
  iat: now(),
  exp: now() + 600,
});

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'accepted';
}

const verifier = new AccessTokenVerifier(DEVELOPMENT, silentLog);
const callerOf = (authorization?: string, appId?: string) =>
  authenticate({ authorization, appId }, verifier, APPS);

describe('access tokens', () => {
  it('reads user, app and the granted scopes the app may ask for', async () => {
    const { caller, verified } = await callerOf(
      `Bearer ${token('demo', { scopes: ['profile', 'orders', 'balance'] })}`,
    );
    expect(verified).toBe(true);
    expect(caller.userId).toBe('demo');
    expect(caller.appId).toBe('wallet-home');
    // balance is not the app's to ask for: the token's grant of it is ignored.
    expect([...caller.scopes].sort()).toEqual(['orders', 'profile']);
  });

  it('treats a request without Authorization as anonymous, with no scopes', async () => {
    const { caller, app } = await callerOf(undefined);
    expect(caller).toMatchObject({ userId: null, appId: null });
    expect(caller.scopes.size).toBe(0);
    expect(app).toBeUndefined();
  });

  it('trusts an app an anonymous request claims with public data only', async () => {
    const { caller, app, verified } = await callerOf(undefined, 'wallet-home');
    expect(app?.id).toBe('wallet-home');
    expect(verified).toBe(false);
    expect(caller.scopes.size).toBe(0);
  });

  it.each([
    ['an unregistered app', 'no-such-app'],
    ['a suspended app', 'gone'],
    ['an id that cannot be an app', 'Wallet Home!'],
  ])('refuses an anonymous request claiming %s with FORBIDDEN', async (_, app) => {
    expect(await codeOf(callerOf(undefined, app))).toBe('FORBIDDEN');
  });

  it('refuses a token of a suspended or unregistered app with FORBIDDEN', async () => {
    expect(await codeOf(callerOf(`Bearer ${token('demo', { app: 'gone' })}`))).toBe('FORBIDDEN');
    expect(await codeOf(callerOf(`Bearer ${token('demo', { app: 'nobody' })}`))).toBe('FORBIDDEN');
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer abc.def.ghi'],
    [
      'another secret',
      `Bearer ${token('demo', { secret: 'another-secret-that-is-also-long-enough' })}`,
    ],
    ['an expired token', `Bearer ${raw({ ...valid(), iat: now() - 700, exp: now() - 100 })}`],
    ['a token without exp', `Bearer ${raw({ ...valid(), exp: undefined })}`],
    ['a token without iat', `Bearer ${raw({ ...valid(), iat: undefined })}`],
    ['a token without jti', `Bearer ${raw({ ...valid(), jti: undefined })}`],
    ['a token whose jti is empty', `Bearer ${raw({ ...valid(), jti: '' })}`],
    ['a token whose jti is a number', `Bearer ${raw({ ...valid(), jti: 5 })}`],
    ['a token whose jti has a space', `Bearer ${raw({ ...valid(), jti: 'j 1' })}`],
    ['a token without client_id', `Bearer ${raw({ ...valid(), client_id: undefined })}`],
    ['a token without sub', `Bearer ${raw({ ...valid(), sub: undefined })}`],
    [
      'a token valid for 100 years',
      `Bearer ${raw({ ...valid(), exp: now() + 100 * 365 * 86_400 })}`,
    ],
    ['a token valid for 25 hours', `Bearer ${raw({ ...valid(), exp: now() + 25 * 3600 })}`],
    [
      'a token issued in the future',
      `Bearer ${raw({ ...valid(), iat: now() + 3600, exp: now() + 4000 })}`,
    ],
    ['a token issued long ago', `Bearer ${raw({ ...valid(), iat: now() - 25 * 3600 })}`],
    ['a token of another issuer', `Bearer ${raw({ ...valid(), iss: 'elsewhere' })}`],
    ['a token for another audience', `Bearer ${raw({ ...valid(), aud: 'elsewhere' })}`],
    ['an ID token rather than an access token', `Bearer ${raw(valid(), { typ: 'JWT' })}`],
    ['a token without a type', `Bearer ${raw(valid(), {})}`],
    ['a scope that is not a string', `Bearer ${raw({ ...valid(), scope: ['profile'] })}`],
    [
      'an unsigned token',
      `Bearer ${jwt.sign(valid(), '', { algorithm: 'none', header: { alg: 'none', typ: 'at+jwt' } })}`,
    ],
  ])('refuses %s with UNAUTHENTICATED', async (_, header) => {
    expect(await codeOf(callerOf(header))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a trailing space', 'demo '],
    ['a leading space', ' demo'],
    ['a newline', 'demo\n'],
    ['a NUL', 'de\u0000mo'],
    ['a tab inside', 'de\tmo'],
    ['a zero-width space at the end', 'demo\u200b'],
    ['an ideographic space at the start', '\u3000demo'],
    ['nothing', ''],
    ['300 characters', 'u'.repeat(300)],
  ])('refuses a subject with %s', async (_, subject) => {
    expect(isValidUserId(subject)).toBe(false);
    expect(await codeOf(callerOf(`Bearer ${raw({ ...valid(), sub: subject })}`))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it.each(['demo', 'u-zhao', '用户-42', 'a b', 'auth0|5f7c8ec7c33c6c004bbafe82'])(
    'accepts the subject %j',
    (subject) => expect(isValidUserId(subject)).toBe(true),
  );

  it('enforces a configured maximum lifetime', async () => {
    const strict = new AccessTokenVerifier({ ...DEVELOPMENT, maxLifetimeSeconds: 3600 }, silentLog);
    const check = (expiresIn: number) =>
      codeOf(
        authenticate({ authorization: `Bearer ${token('demo', { expiresIn })}` }, strict, APPS),
      );
    expect(await check(3600)).toBe('accepted');
    expect(await check(3601)).toBe('UNAUTHENTICATED');
  });
});

describe('production tokens from a JWKS', () => {
  const signIn = new TestSignIn();
  const production = new AccessTokenVerifier(
    { ...DEVELOPMENT, hs256Secret: undefined, jwksFile: signIn.jwksFile },
    silentLog,
  );
  const check = (authorization: string) =>
    codeOf(authenticate({ authorization }, production, APPS));

  it('accepts ES256 and RS256 tokens of the published keys', async () => {
    expect(await check(`Bearer ${signIn.sign('demo', { app: 'guide' })}`)).toBe('accepted');
    signIn.addKey('rsa-1', 'RS256');
    // The file is reread for an unknown key at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await check(`Bearer ${signIn.sign('demo', { app: 'guide', kid: 'rsa-1' })}`)).toBe(
      'accepted',
    );
  });

  it('picks up a rotated key without a restart', async () => {
    signIn.addKey('es-2', 'ES256');
    const rotated = `Bearer ${signIn.sign('demo', { app: 'guide', kid: 'es-2' })}`;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await check(rotated)).toBe('accepted');
  });

  it('refuses HS256 tokens, even signed with a known secret', async () => {
    expect(await check(`Bearer ${token('demo', { app: 'guide' })}`)).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed by a key the sign-in service does not publish', async () => {
    const stranger = new TestSignIn();
    expect(await check(`Bearer ${stranger.sign('demo', { app: 'guide' })}`)).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('npm run token', () => {
  const root = path.resolve(__dirname, '../..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'gateway/token.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      // eslint-disable-next-line no-restricted-syntax -- the CLI runs as it would in a shell
      env: { ...process.env, HUTONG_JWT_SECRET: '', NODE_ENV: 'development' },
    });
  const devVerifier = new AccessTokenVerifier(
    { ...DEVELOPMENT, hs256Secret: DEVELOPMENT_JWT_SECRET },
    silentLog,
  );

  it('prints a token of the app and scopes asked for, which the gateway accepts', async () => {
    const result = run(
      'demo',
      '--app',
      'west-lake-guide',
      '--scope',
      'profile location',
      '--expires',
      '30m',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const verified = await devVerifier.verify(result.stdout.trim());
    expect(verified).toEqual({
      userId: 'demo',
      appId: 'west-lake-guide',
      scopes: ['profile', 'location'],
    });
    const claims = jwt.decode(result.stdout.trim()) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(1800);
  });

  it('refuses an unknown app, an unknown scope and a lifetime beyond the maximum', () => {
    expect(run('demo', '--app', 'nobody').status).not.toBe(0);
    expect(run('demo', '--scope', 'everything').status).not.toBe(0);
    expect(run('demo', '--expires', '400d').status).not.toBe(0);
  });
});
