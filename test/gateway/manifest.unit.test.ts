/**
 * What a persisted-operation manifest must be before the gateway takes it:
 * each refusal names the operation and why, all of them at once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { buildSchema } from 'graphql';
import { AppRegistry } from '../../gateway/apps';
import { operationsInvalidFor, parseManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';

const SCHEMA = buildSchema('type Query { hello: String, stores(first: Int): [String] }');

const entry = (name: string, body: string, type = 'query') => ({
  id: createHash('sha256').update(body).digest('hex'),
  name,
  type,
  body,
});
const manifestOf = (...operations: object[]) =>
  JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });

const problemsOf = (text: string, checks: Parameters<typeof parseManifest>[2] = {}) => {
  try {
    parseManifest(text, 'manifest.json', checks);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('the persisted-operation manifest', () => {
  it('reads the committed manifest', () => {
    const manifest = parseManifest(
      fs.readFileSync(PERSISTED_OPERATIONS_FILE, 'utf8'),
      PERSISTED_OPERATIONS_FILE,
    );
    expect([...manifest.values()].map((operation) => operation.name)).toContain('MiniProgramHome');
  });

  it('takes operations with fragments, valid against the schema', () => {
    const body = 'query Hello { ...Greeting }\nfragment Greeting on Query { hello }';
    const manifest = parseManifest(manifestOf(entry('Hello', body)), 'm', { schema: SCHEMA });
    expect(manifest.get(entry('Hello', body).id)?.name).toBe('Hello');
  });

  it.each([
    ['text that is not JSON', '{"format":', /not JSON/],
    [
      'another format',
      JSON.stringify({ format: 'relay', version: 1, operations: [] }),
      /not an apollo-persisted-query-manifest:[\s\S]*format/,
    ],
    [
      'another version',
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }),
      /version/,
    ],
  ])('refuses %s', (_, text, problem) => {
    expect(problemsOf(text)).toMatch(problem);
  });

  it('refuses each bad operation, naming it and why', () => {
    const message = problemsOf(
      manifestOf(
        { ...entry('WrongId', '{ hello }'), id: '0'.repeat(64) },
        entry('Twice', 'query Twice { hello }'),
        entry('Twice', 'query Twice { stores { __typename } }'),
        entry('Broken', 'query Broken { hello'),
        entry('Two', 'query Two { hello } query Other { hello }'),
        entry('Misnamed', 'query Elsewhere { hello }'),
        entry('Mutates', 'query Mutates { hello }', 'mutation'),
        entry('Unknown', 'query Unknown { goodbye }'),
      ),
      { schema: SCHEMA },
    );
    expect(message).toContain('WrongId: its id is not the sha256 of its body');
    expect(message).toContain('Twice: the name is used twice');
    expect(message).toContain('Broken: its body does not parse');
    expect(message).toContain('Two: its body holds 2 operations, not one');
    expect(message).toContain("Misnamed: its body's operation is named Elsewhere");
    expect(message).toContain('Mutates: its body is a query, not a mutation');
    expect(message).toMatch(
      /Unknown: does not validate against the served schema: Cannot query field "goodbye"/,
    );
  });

  it('refuses a manifest that drops an operation a registered app ships', () => {
    const apps = AppRegistry.parse(
      'apps:\n  - { id: guide, name: Guide, status: active, operations: [Hello, Gone] }\n',
      'apps.yaml',
    );
    const message = problemsOf(manifestOf(entry('Hello', 'query Hello { hello }')), { apps });
    expect(message).toContain('Gone: dropped, but app guide ships it');
    expect(message).not.toContain('Hello:');
  });

  it('names the operations a new schema no longer serves', () => {
    const manifest = parseManifest(
      manifestOf(
        entry('Hello', 'query Hello { hello }'),
        entry('Stores', 'query Stores { stores }'),
      ),
      'm',
    );
    const narrower = buildSchema('type Query { stores(first: Int): [String] }');
    expect(operationsInvalidFor(manifest, narrower)).toEqual([
      { name: 'Hello', problems: [expect.stringContaining('Cannot query field "hello"')] },
    ]);
  });
});
