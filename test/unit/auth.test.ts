import { spawnSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { DEVELOPMENT_JWT_SECRET } from '../../lib/config';
import { signToken, verifyViewer } from '../../gateway/auth';

const SECRET = 'a-test-secret-that-is-long-enough-32';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
}

describe('bearer tokens', () => {
  it('reads the user from a token the gateway signed', () => {
    expect(verifyViewer(`Bearer ${signToken('demo', SECRET)}`, SECRET)).toBe('demo');
  });

  it('treats a request without Authorization as anonymous', () => {
    expect(verifyViewer(undefined, SECRET)).toBeNull();
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer abc.def.ghi'],
    ['another secret', `Bearer ${signToken('demo', 'another-secret-that-is-also-long-enough')}`],
    ['an expired token', `Bearer ${signToken('demo', SECRET, '-1s')}`],
    [
      'an unsigned token',
      `Bearer ${jwt.sign({ sub: 'demo', iss: 'hutong', aud: 'hutong-gateway' }, '', { algorithm: 'none' })}`,
    ],
    [
      'a token for another audience',
      `Bearer ${jwt.sign({ sub: 'demo' }, SECRET, { issuer: 'hutong', audience: 'elsewhere' })}`,
    ],
  ])('refuses %s with UNAUTHENTICATED', (_, header) => {
    expect(codeOf(() => verifyViewer(header, SECRET))).toBe('UNAUTHENTICATED');
  });

  it('npm run token prints a token the gateway accepts', () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/token.ts', 'demo'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, HUTONG_JWT_SECRET: '' },
    });
    expect(result.status).toBe(0);
    expect(verifyViewer(`Bearer ${result.stdout.trim()}`, DEVELOPMENT_JWT_SECRET)).toBe('demo');
  });
});
