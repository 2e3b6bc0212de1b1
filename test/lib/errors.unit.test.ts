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

/** The logging plugin's hooks for one request, and the level of each line they write. */
async function loggingLevels() {
  const levels: string[] = [];
  const log = {
    error: () => levels.push('error'),
    warn: () => levels.push('warn'),
    info: () => levels.push('info'),
  } as unknown as Logger;
  const hooks = await errorLoggingPlugin(log).requestDidStart!({
    contextValue: { requestId: 'req-123456' },
  } as never);
  return { hooks: hooks!, levels };
}

/** A driver error as PGlite and pg raise them: the SQLSTATE in `code`, internals in the message. */
function databaseError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    path: ['store'],
    originalError: Object.assign(new Error(message), { code, severity: 'ERROR' }),
  });
}

describe('input the database refused', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00', 'cannot be stored'],
    ['22003', 'value out of range: underflow', 'out of range'],
    ['22P02', 'invalid input syntax for type integer: "NaN"', 'expected format'],
    [
      '23503',
      'insert or update on table "payments" violates foreign key constraint',
      'does not exist',
    ],
    ['23514', 'new row for relation "accounts" violates check constraint "accounts_check"', 'rule'],
  ])('answers SQLSTATE %s as BAD_USER_INPUT, naming nothing inside', (code, internal, said) => {
    const error = databaseError(code, internal);
    const formatted = mask({ message: error.message, path: ['store'] }, error);
    expect(formatted).toEqual({
      message: expect.stringContaining(said),
      path: ['store'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/payments|accounts|UTF8|constraint/);
  });

  it('still hides database faults that are not the input’s', () => {
    const error = databaseError('42P01', 'relation "stores" does not exist');
    expect(mask({ message: error.message }, error).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });

  it('logs it below error level', async () => {
    const { hooks, levels } = await loggingLevels();
    await hooks.didEncounterErrors!({
      errors: [databaseError('22021', 'invalid byte sequence')],
    } as never);
    expect(levels).toEqual(['info']);
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

describe('requests Apollo Server refuses without a code', () => {
  /** As Apollo raises them for an APQ hash that does not match its query. */
  const refusal = (status: number) =>
    new GraphQLError('provided sha does not match query', {
      extensions: { http: { status, headers: new Map() } },
    });

  it('tells a 4xx one as BAD_REQUEST, with its message', () => {
    const error = refusal(400);
    const formatted = { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(mask(formatted, error)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('logs no error for a 4xx one, and an error for a 5xx one', async () => {
    const { hooks, levels } = await loggingLevels();
    await hooks.didEncounterErrors!({ errors: [refusal(400)] } as never);
    expect(levels).toEqual([]);
    await hooks.didEncounterErrors!({ errors: [refusal(500)] } as never);
    expect(levels).toEqual(['error']);
  });

  it('still hides a 5xx one', () => {
    const error = refusal(500);
    expect(mask({ message: error.message }, error)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
