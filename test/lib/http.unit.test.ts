/**
 * The HTTP shell every service runs in (lib/http.ts), for what fails before
 * GraphQL runs: an unexpected error is answered in GraphQL's error shape,
 * masked, and logged under the request id the client is told.
 */
import { createHttpApp } from '../../lib/http';
import { capturedLog } from '../support/logs';

const LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 1024,
};

describe('the HTTP shell', () => {
  it('answers an unexpected error masked, and logs it under the request id the client sees', async () => {
    const { log, records } = capturedLog();
    const app = createHttpApp({ limits: LIMITS, log });
    app.get('/broken', async () => {
      throw new Error('relation "stores" does not exist');
    });
    const answer = await app.inject({ method: 'GET', url: '/broken' });
    const requestId = answer.headers['x-request-id'];
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({
      errors: [
        {
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        },
      ],
    });
    expect(records).toEqual([
      expect.objectContaining({
        level: 50,
        requestId,
        err: expect.objectContaining({ message: 'relation "stores" does not exist' }),
      }),
    ]);
    await app.close();
  });
});
