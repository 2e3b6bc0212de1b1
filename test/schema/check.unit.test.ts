/**
 * `npm run schema:check`: a proposed subgraph schema is composed with the
 * others' committed SDL, compared with the committed supergraph, and the
 * client operations it would break are named; the exit status follows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, print, visit, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import {
  checkSubgraphSchema,
  formatSchemaCheckReport,
  main,
  type SchemaCheckReport,
} from '../../schema/check';
import { subgraphSchemaFile } from '../../schema/compose';

const committedPayments = fs.readFileSync(subgraphSchemaFile('payments'), 'utf8');

/** The committed payments SDL with a change made to one of its object types. */
function paymentsWith(
  typeName: string,
  change: (fields: readonly FieldDefinitionNode[]) => FieldDefinitionNode[],
): string {
  const document: DocumentNode = visit(parse(committedPayments), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== typeName) return undefined;
      return { ...node, fields: change(node.fields ?? []) };
    },
  });
  return print(document);
}

function field(sdl: string): FieldDefinitionNode {
  const definition = parse(`type T { ${sdl} }`).definitions[0];
  if (definition?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('not a type');
  return definition.fields![0]!;
}

/** Runs the command line with output captured. */
function run(args: string[]): { status: number; output: string } {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((text) => void lines.push(text));
  const error = jest.spyOn(console, 'error').mockImplementation((text) => void lines.push(text));
  try {
    return { status: main(args), output: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function writeTemporary(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-schema-check-'));
  temporaryDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('the schema check', () => {
  it("passes every subgraph's current schema", () => {
    const report = checkSubgraphSchema({ subgraph: 'payments' });
    expect(report).toMatchObject({
      compositionErrors: [],
      breakingChanges: [],
      brokenOperations: [],
      passed: true,
    });
    expect(report.operationsChecked).toBeGreaterThan(0);
  });

  it("names each operation a removed field breaks, and each app's screens that ship them", () => {
    const sdl = paymentsWith('MemberOffer', (fields) =>
      fields.filter((candidate) => candidate.name.value !== 'description'),
    );
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl, source: 'proposal' });
    expect(report.passed).toBe(false);
    expect(report.compositionErrors).toEqual([]);
    expect(report.breakingChanges).toEqual([
      { type: 'FIELD_REMOVED', description: 'MemberOffer.description was removed.' },
    ]);
    expect(report.brokenOperations.map(({ name, screen }) => `${screen}/${name}`)).toEqual([
      'brand/BrandPage',
      'home/MiniProgramHome',
      'membership/MembershipOffer',
      'store/StorePage',
    ]);
    expect(report.brokenOperations.find(({ name }) => name === 'MiniProgramHome')).toEqual({
      name: 'MiniProgramHome',
      file: path.join('schema', 'operations', 'home', 'MiniProgramHome.graphql'),
      screen: 'home',
      apps: ['hutong-demo', 'west-lake-guide', 'lucky-draw'],
      problems: [expect.stringContaining('Cannot query field "description" on type "MemberOffer"')],
    });
    // The registry (schema/apps.yaml) decides who is hurt: the guide ships the home screen only.
    expect(report.brokenScreens.filter(({ app }) => app !== 'hutong-demo')).toEqual([
      {
        app: 'west-lake-guide',
        appName: '西湖导览 West Lake guide',
        screen: 'home',
        operations: ['MiniProgramHome'],
      },
      {
        app: 'lucky-draw',
        appName: '幸运抽奖 Lucky draw',
        screen: 'home',
        operations: ['MiniProgramHome'],
      },
    ]);
    expect(
      report.brokenScreens.filter(({ app }) => app === 'hutong-demo').map(({ screen }) => screen),
    ).toEqual(['brand', 'home', 'membership', 'store']);
    const text = formatSchemaCheckReport(report);
    expect(text).toContain('FAIL  4 of');
    expect(text).toContain(
      'MiniProgramHome (schema/operations/home/MiniProgramHome.graphql; shipped by hutong-demo, west-lake-guide, lucky-draw)',
    );
    expect(text).toContain('FAIL  3 apps would have broken screens:');
    expect(text).toContain(
      'west-lake-guide (西湖导览 West Lake guide):\n          screen home: MiniProgramHome',
    );
    expect(text).toMatch(/FAILED: the change breaks client operations\.$/);
  });

  it("spares the apps that do not ship what breaks: a merchant desk's field breaks the desks only", () => {
    const sdl = paymentsWith('MerchantAccount', (fields) =>
      fields.filter((candidate) => candidate.name.value !== 'balance'),
    );
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(report.brokenScreens).toEqual([
      {
        app: 'hutong-demo',
        appName: '湖同演示 Hutong demo',
        screen: 'merchant',
        operations: ['MerchantDashboard'],
      },
      {
        app: 'kfc-merchant',
        appName: '肯德基商家 KFC merchant desk',
        screen: 'merchant',
        operations: ['MerchantDashboard'],
      },
    ]);
  });

  it('checks against the app registry given, and refuses one that does not parse', () => {
    const guideOnly = writeTemporary(
      'apps.yaml',
      'apps:\n  - { id: guide, name: Guide, status: active, operations: [StorePage] }\n',
    );
    const sdl = writeTemporary(
      'payments.graphql',
      paymentsWith('MemberOffer', (fields) =>
        fields.filter((candidate) => candidate.name.value !== 'description'),
      ),
    );
    const checked = run(['payments', '--sdl', sdl, '--apps', guideOnly]);
    expect(checked.status).toBe(1);
    expect(checked.output).toContain('guide (Guide):\n          screen store: StorePage');
    const broken = writeTemporary('apps.yaml', 'apps:\n  - { id: x, name: X, status: bogus }\n');
    const refused = run(['payments', '--apps', broken]);
    expect(refused.status).toBe(2);
    expect(refused.output).toContain('is not a valid app registry');
  });

  it('says when a broken operation is shipped by no registered app', () => {
    const registry = writeTemporary(
      'apps.yaml',
      'apps:\n  - { id: guide, name: Guide, status: active, operations: [MiniProgramHome] }\n',
    );
    const sdl = paymentsWith('MemberOffer', (fields) =>
      fields.filter((candidate) => candidate.name.value !== 'description'),
    );
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl, appsFile: registry });
    expect(report.brokenScreens).toEqual([
      { app: 'guide', appName: 'Guide', screen: 'home', operations: ['MiniProgramHome'] },
    ]);
    expect(formatSchemaCheckReport(report)).toContain(
      'StorePage (schema/operations/store/StorePage.graphql; shipped by no app)',
    );
  });

  it('exits non-zero for such a change given as an SDL file, and says why', () => {
    const file = writeTemporary(
      'payments.graphql',
      paymentsWith('MemberOffer', (fields) =>
        fields.filter((candidate) => candidate.name.value !== 'description'),
      ),
    );
    const { status, output } = run(['payments', '--sdl', file]);
    expect(status).toBe(1);
    expect(output).toContain(`Schema check of payments: ${file}`);
    expect(output).toContain('MemberOffer.description was removed.');
    expect(output).toContain('MiniProgramHome');
  });

  it("fails a proposal whose field on another subgraph's entity is non-null, naming it", () => {
    const sdl = paymentsWith('Store', (fields) =>
      fields.map((candidate) =>
        candidate.name.value === 'memberOffer'
          ? field('memberOffer: MemberOffer! @requires(fields: "merchant { id }")')
          : candidate,
      ),
    );
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(report.passed).toBe(false);
    expect(report.compositionErrors).toEqual([
      expect.stringContaining(
        'payments: Store.memberOffer is MemberOffer!, but Store is owned by maps',
      ),
    ]);
    expect(formatSchemaCheckReport(report)).toContain('FAILED: fix the composition errors above.');
  });

  it('passes an added optional field, and exits zero', () => {
    const sdl = paymentsWith('MemberOffer', (fields) => [...fields, field('badge: String')]);
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(report).toMatchObject({ breakingChanges: [], brokenOperations: [], passed: true });
    const { status, output } = run(['payments', '--sdl', writeTemporary('payments.graphql', sdl)]);
    expect(status).toBe(0);
    expect(output).toMatch(/PASSED$/);
  });

  it('breaks an operation whose selected field may now be null', () => {
    const sdl = paymentsWith('User', (fields) =>
      fields.map((candidate) =>
        candidate.name.value === 'nickname' ? field('nickname: String') : candidate,
      ),
    );
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(report.breakingChanges.map((change) => change.type)).toEqual(['FIELD_CHANGED_KIND']);
    expect(report.brokenOperations[0]?.problems).toEqual([
      'selects User.nickname, whose type changes from String! to String',
    ]);
  });

  it('passes a breaking change no client operation uses, unless --strict', () => {
    const unused = (report: SchemaCheckReport) => report.breakingChanges.length;
    const sdl = paymentsWith('FundingSource', (fields) =>
      fields.filter((candidate) => candidate.name.value !== 'addedAt'),
    );
    const lenient = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(unused(lenient)).toBe(1);
    expect(lenient.passed).toBe(true);
    expect(formatSchemaCheckReport(lenient)).toContain('use --strict');
    expect(checkSubgraphSchema({ subgraph: 'payments', sdl, strict: true }).passed).toBe(false);
  });

  it('reports composition errors', () => {
    const sdl = paymentsWith('Store', (fields) =>
      fields.map((candidate) =>
        candidate.name.value === 'memberOffer' ? field('memberOffer: MemberOffer') : candidate,
      ),
    );
    // Store.merchant stays @external but nothing requires it any more.
    const report = checkSubgraphSchema({ subgraph: 'payments', sdl });
    expect(report.passed).toBe(false);
    expect(report.compositionErrors.join('\n')).toMatch(/merchant/);
    expect(formatSchemaCheckReport(report)).toContain('FAIL  does not compose');
  });

  it('explains itself with --help and refuses an unknown subgraph', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.output).toContain('Usage: npm run schema:check -- <subgraph> [--sdl <file>]');
    const unknown = run(['billing']);
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain('Unknown subgraph "billing"');
  });
});
