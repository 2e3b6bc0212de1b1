import jwt from 'jsonwebtoken';
import { unauthenticated } from '../lib/errors';

/** Tokens are minted for and checked by Hutong alone. */
const ISSUER = 'hutong';
const AUDIENCE = 'hutong-gateway';

/**
 * The viewer a request speaks for: null without an Authorization header, the
 * token's subject when it is a valid HS256 token of ours, and an
 * UNAUTHENTICATED error for anything else (a bad token is never read as anonymous).
 */
export function verifyViewer(authorization: string | undefined, secret: string): string | null {
  if (authorization === undefined || authorization === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(match[1]!, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw unauthenticated('The token has expired');
    throw unauthenticated('The token is not valid');
  }
  if (typeof payload === 'string' || typeof payload.sub !== 'string' || payload.sub === '') {
    throw unauthenticated('The token names no user');
  }
  return payload.sub;
}

export function signToken(userId: string, secret: string, expiresIn: string = '7d'): string {
  return jwt.sign({}, secret, {
    algorithm: 'HS256',
    subject: userId,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: expiresIn as jwt.SignOptions['expiresIn'] & string,
  });
}
