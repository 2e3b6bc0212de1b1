import { GraphQLError } from 'graphql';
import { createErrorMasker } from '../../lib/errors';
import { createLogger } from '../../lib/logger';

const mask = createErrorMasker(createLogger('test', 'silent'));

describe('error masking', () => {
  it('passes errors with a public code through, without a stack', () => {
    const error = new GraphQLError('Store "x" was not found', {
      extensions: { code: 'NOT_FOUND' },
    });
    const formatted = {
      message: error.message,
      extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] },
    };
    expect(mask(formatted, error)).toEqual({
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
    expect(mask(formatted, error)).toEqual({
      message: 'Internal server error',
      path: ['store'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
