import { GraphQLError } from 'graphql';
import { createErrorMasker, errorLoggingPlugin } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

const mask = createErrorMasker();

describe('error masking', () => {
  it('passes errors with a public code through, without a stack', () => {
    const error = new GraphQLError('Store "x" was not found', {
      extensions: { code: 'NOT_FOUND' },
    });
    const formatted = {
      message: error.message,
      extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] },
    };
    expect(mask(formatted)).toEqual({
      message: error.message,
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('hides anything else behind INTERNAL_SERVER_ERROR', () => {
    const error = new Error('relation "stores" does not exist: SELECT * FROM stores');
    const formatted = {
      message: error.message,
      path: ['store'],
      extensions: { code: 'SOMETHING' },
    };
    expect(mask(formatted)).toEqual({
      message: 'Internal server error',
      path: ['store'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('error logging', () => {
  it('logs what the client does not see, in full, under the request id the client sees', async () => {
    const logged: unknown[][] = [];
    const log = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
    const hooks = await errorLoggingPlugin(log).requestDidStart!({
      contextValue: { requestId: 'req-123456' },
    } as never);
    const hidden = new GraphQLError('boom', {
      originalError: new Error('relation "x" does not exist'),
    });
    const shown = new GraphQLError('nope', { extensions: { code: 'NOT_FOUND' } });
    await hooks!.didEncounterErrors!({ errors: [hidden, shown] } as never);
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toMatchObject({
      requestId: 'req-123456',
      err: expect.objectContaining({ message: 'relation "x" does not exist' }),
    });
  });
});
