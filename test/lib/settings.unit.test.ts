/** A declared setting reads as its declaration says, for each runtime. */
import { z } from 'zod';
import { bool, EnvReader, positiveInt, type Env, type RuntimeEnv } from '../../lib/config';
import { Computed, inProduction, setting, SettingsReader } from '../../lib/settings';

const reading = (env: Env, runtime: RuntimeEnv = 'development') => {
  const reader = new EnvReader(env);
  return { reader, settings: new SettingsReader(reader, runtime) };
};

const FLAG = setting({ name: 'FLAG', schema: bool, default: inProduction(false, true), doc: '' });

describe('SettingsReader', () => {
  it('takes the default of the runtime it reads for when the variable is unset or empty', () => {
    expect(reading({}).settings.get(FLAG)).toBe(true);
    expect(reading({ FLAG: '' }, 'production').settings.get(FLAG)).toBe(false);
    expect(reading({}, 'test').settings.get(FLAG)).toBe(true);
  });

  it('parses a set variable with its schema, and reports a bad one under its name', () => {
    expect(reading({ FLAG: '0' }).settings.get(FLAG)).toBe(false);
    const { reader, settings } = reading({ FLAG: 'yes' });
    expect(settings.get(FLAG)).toBe(true);
    expect(reader.problems).toEqual(['FLAG="yes": expected true or false']);
  });

  it('checks with the schema of the runtime when the schema differs by runtime', () => {
    const KEYS = setting<string | undefined>({
      name: 'KEYS',
      schema: inProduction<z.ZodType<string | undefined>>(
        z.url({ protocol: /^https$/, message: 'expected an https URL' }),
        z.url(),
      ),
      default: undefined,
      doc: '',
    });
    expect(reading({ KEYS: 'http://keys' }).reader.problems).toEqual([]);
    const { reader, settings } = reading({ KEYS: 'http://keys' }, 'production');
    settings.get(KEYS);
    expect(reader.problems).toEqual(['KEYS="http://keys": expected an https URL']);
  });

  it('takes a computed default from the loader, which must give one', () => {
    const SIZE = setting({
      name: 'SIZE',
      schema: positiveInt,
      default: new Computed('a share of memory'),
      doc: '',
    });
    expect(reading({}).settings.get(SIZE, 12)).toBe(12);
    expect(reading({ SIZE: '3' }).settings.get(SIZE, 12)).toBe(3);
    expect(() => reading({}).settings.get(SIZE)).toThrow(/SIZE/);
  });

  it('requires a secret of 32 characters or more in production, and falls back elsewhere', () => {
    const SECRET = setting({
      name: 'SECRET',
      schema: z.string(),
      default: 'development-secret',
      secret: { purpose: 'signs things' },
      doc: '',
    });
    expect(reading({}).settings.get(SECRET)).toBe('development-secret');
    const unset = reading({}, 'production');
    unset.settings.get(SECRET);
    expect(unset.reader.problems).toEqual([
      'SECRET is required in production (signs things, at least 32 characters)',
    ]);
    const short = reading({ SECRET: 'short' }, 'production');
    expect(short.settings.get(SECRET)).toBe('short');
    expect(short.reader.problems).toEqual(['SECRET must be at least 32 characters in production']);
  });
});
