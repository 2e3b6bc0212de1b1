import { createSecretKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import {
  bodyDigest,
  CREDENTIAL_LIFETIME_SECONDS,
  CredentialError,
  ReplayGuard,
  signCredential,
  verifyCredential,
} from '../../lib/credential';

const SECRET = 'the-gateway-secret-of-at-least-32-characters';
const FETCH = {
  audience: 'payments',
  caller: { userId: 'demo', appId: 'hutong-demo', scopes: new Set(['profile', 'orders'] as const) },
  requestId: 'req-00000001',
  body: '{"query":"{ me { id } }"}',
};

describe('the subgraph credential', () => {
  it('is a JWT any JWT library verifies, with the claims it binds', async () => {
    const token = signCredential(SECRET, FETCH);
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createSecretKey(Buffer.from(SECRET)),
      {
        algorithms: ['HS256'],
        audience: 'payments',
        issuer: 'hutong-gateway',
        typ: 'hutong-subgraph+jwt',
      },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: 'demo',
      client_id: 'hutong-demo',
      scope: 'profile orders',
      request_id: 'req-00000001',
      body_sha256: bodyDigest(FETCH.body),
    });
    expect(payload.exp! - payload.iat!).toBe(CREDENTIAL_LIFETIME_SECONDS);
  });

  it('gives the subgraph the caller it was signed for', () => {
    const verified = verifyCredential(SECRET, signCredential(SECRET, FETCH), 'payments');
    expect(verified.caller.userId).toBe('demo');
    expect(verified.caller.appId).toBe('hutong-demo');
    expect([...verified.caller.scopes]).toEqual(['profile', 'orders']);
    expect(verified.bodySha256).toBe(bodyDigest(FETCH.body));
  });

  it('leaves an anonymous caller without user, app or scopes', () => {
    const token = signCredential(SECRET, {
      ...FETCH,
      caller: { userId: null, appId: null, scopes: new Set() },
    });
    expect(verifyCredential(SECRET, token, 'payments').caller).toEqual({
      userId: null,
      appId: null,
      scopes: new Set(),
    });
  });

  it.each<[string, () => unknown]>([
    [
      'another secret',
      () => verifyCredential('x'.repeat(44), signCredential(SECRET, FETCH), 'payments'),
    ],
    ['another audience', () => verifyCredential(SECRET, signCredential(SECRET, FETCH), 'maps')],
    [
      'an expired one',
      () =>
        verifyCredential(SECRET, signCredential(SECRET, FETCH, Date.now() - 13_000), 'payments'),
    ],
    [
      'one issued in the future',
      () =>
        verifyCredential(SECRET, signCredential(SECRET, FETCH, Date.now() + 60_000), 'payments'),
    ],
    ['none', () => verifyCredential(SECRET, undefined, 'payments')],
    ['garbage', () => verifyCredential(SECRET, 'a.b.c', 'payments')],
    ...[' demo', 'demo ', 'de\u0000mo', ''].map(
      (userId) =>
        [
          `one for the user ${JSON.stringify(userId)}, signed or not`,
          () =>
            verifyCredential(
              SECRET,
              signCredential(SECRET, { ...FETCH, caller: { ...FETCH.caller, userId } }),
              'payments',
            ),
        ] as [string, () => unknown],
    ),
  ])('refuses %s', (_, verify) => {
    expect(verify).toThrow(CredentialError);
  });

  it('takes no unknown scope from a credential', () => {
    const token = signCredential(SECRET, {
      ...FETCH,
      caller: { ...FETCH.caller, scopes: new Set(['profile', 'root'] as never) },
    });
    expect([...verifyCredential(SECRET, token, 'payments').caller.scopes]).toEqual(['profile']);
  });
});

describe('the replay guard', () => {
  it('accepts an id once while it lives, and forgets it once expired', () => {
    const guard = new ReplayGuard();
    const now = Date.now();
    const exp = Math.floor(now / 1000) + 10;
    expect(guard.accept('a', exp, now)).toBe(true);
    expect(guard.accept('a', exp, now + 1000)).toBe(false);
    expect(guard.accept('b', exp, now + 1000)).toBe(true);
    // Long after expiry the id is gone: the credential's own expiry refuses it then.
    expect(guard.accept('c', exp + 100, now + 60_000)).toBe(true);
    expect(guard.accept('a', exp + 100, now + 60_000)).toBe(true);
  });

  it('stays within its bound', () => {
    const guard = new ReplayGuard(100);
    const now = Date.now();
    for (let i = 0; i < 1000; i++) guard.accept(`id-${i}`, Math.floor(now / 1000) + 10, now);
    expect((guard as unknown as { seen: Map<string, number> }).seen.size).toBeLessThanOrEqual(100);
  });
});
