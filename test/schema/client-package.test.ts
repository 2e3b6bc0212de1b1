/**
 * @hutong/client as a mini-program project gets it: built by `npm run client:build`, packed by
 * `npm pack`, installed from the tarball into a project of its own (offline: it has no
 * dependencies), type-checked there against WeChat's or Alipay's typings with ES2020 and no DOM,
 * strict, under each module resolution a mini-program's tsconfig may use, and loaded by Node and
 * by a bundler through both `require` and `import`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE_DIR = path.join(ROOT, 'schema/client');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** tsc's diagnostics for a tsconfig, and whether it passed. */
function typeCheck(
  tsconfig: string,
  cwd: string,
  ...options: string[]
): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [TSC, '-p', tsconfig, ...options], {
    cwd,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

const WECHAT_PAGE = `import {
  createClient,
  MiniProgramHome,
  unavailableServices,
  wechatTransport,
  type MiniProgramHomeQuery,
} from '@hutong/client';

const client = createClient({
  url: 'https://api.example.com/graphql',
  transport: wechatTransport(wx),
  token: () => wx.getStorageSync<string>('token'),
});

Page({
  data: { nearest: '', missing: [] as string[] },
  async onLoad() {
    const result = await client.execute(MiniProgramHome, { lat: 30.2575, lng: 120.1655 });
    const nearest: string | undefined = result.data?.nearbyStores?.edges[0]?.node.name;
    const home: MiniProgramHomeQuery | null = result.data;
    this.setData({ nearest: nearest ?? home?.me?.nickname ?? '', missing: unavailableServices(result) });
  },
});
`;

const ALIPAY_PAGE = `import { alipayTransport, ClientError, createClient, MiniProgramHome } from '@hutong/client';

const client = createClient({ url: 'https://api.example.com/graphql', transport: alipayTransport(my) });

export async function nearestStore(): Promise<string | null> {
  try {
    const result = await client.execute(MiniProgramHome, { lat: 30.2575, lng: 120.1655 });
    return result.data?.nearbyStores?.edges[0]?.node.name ?? null;
  } catch (error) {
    if (error instanceof ClientError && error.code === 'TIMEOUT') return null;
    throw error;
  }
}
`;

const MISUSED_PAGE = `import { createClient, MiniProgramHome, wechatTransport } from '@hutong/client';

const client = createClient({ url: 'https://api.example.com/graphql', transport: wechatTransport(wx) });

export async function nearestStore(): Promise<number | undefined> {
  const result = await client.execute(MiniProgramHome, { lat: '30.2575', lng: 120.1655 });
  const nearest: number | undefined = result.data?.nearbyStores?.edges[0]?.node.name;
  return nearest;
}
`;

/** A mini-program's compiler options: ES2020 and the platform's typings, nothing of the DOM. */
function tsconfig(types: string[], module: string, moduleResolution: string, files: string[]) {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2020',
      lib: ['ES2020'],
      types,
      module,
      moduleResolution,
      strict: true,
      noEmit: true,
      // Alipay's typings do not pass a check of their own; the package's are checked on their own.
      skipLibCheck: true,
    },
    files,
  });
}

describe('the @hutong/client package', () => {
  let project: string;
  let packed: PackResult;

  beforeAll(() => {
    run('npm', ['run', '--silent', 'client:build'], ROOT);
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-mini-program-'));
    packed = (
      JSON.parse(
        run('npm', ['pack', '--json', '--pack-destination', project], PACKAGE_DIR),
      ) as PackResult[]
    )[0]!;
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'hutong-mini-program', version: '1.0.0', private: true }),
    );
    run(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        path.join(project, packed.filename),
        // The platforms' typings, linked from the repository's own install: no network.
        path.join(ROOT, 'node_modules/miniprogram-api-typings'),
        path.join(ROOT, 'node_modules/@mini-types/alipay'),
        path.join(ROOT, 'node_modules/@mini-types/global'),
        path.join(ROOT, 'node_modules/@mini-types/my'),
      ],
      project,
    );
    const write = (file: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), content);
    };
    write('pages/home/home.ts', WECHAT_PAGE);
    // The same page as an ES module: Node16 resolution then takes the package's `import` types.
    write('pages/home/home-esm.mts', WECHAT_PAGE);
    write('pages/alipay/nearest.ts', ALIPAY_PAGE);
    write('pages/misused/misused.ts', MISUSED_PAGE);
    const everything = "import * as client from '@hutong/client';\nexport const loaded = client;\n";
    write('declarations/required.ts', everything);
    write('declarations/imported.mts', everything);
  });

  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('packs only the built modules, their declarations and the README, and depends on nothing', () => {
    const files = packed.files.map((file) => file.path).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json']));
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
        'dist/esm/index.js',
        'dist/esm/index.d.ts',
        'dist/esm/package.json',
      ]),
    );
    expect(
      files.filter(
        (file) =>
          !/^(README\.md|package\.json|dist\/esm\/package\.json|dist\/(cjs|esm)\/[\w/]+\.(js|d\.ts))$/.test(
            file,
          ),
      ),
    ).toEqual([]);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(project, 'node_modules/@hutong/client/package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('dependencies');
    expect(manifest).not.toHaveProperty('peerDependencies');
    expect(manifest).toMatchObject({ name: '@hutong/client', sideEffects: false });
  });

  it('has declarations that check with ES2020 alone, as ES module and as CommonJS', () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.declarations.json'),
      JSON.stringify({
        compilerOptions: {
          ...JSON.parse(tsconfig([], 'Node16', 'Node16', [])).compilerOptions,
          skipLibCheck: false,
        },
        files: ['declarations/required.ts', 'declarations/imported.mts'],
      }),
    );
    expect(typeCheck('tsconfig.declarations.json', project)).toEqual({ status: 0, output: '' });
  });

  it.each([
    // WeChat's own TypeScript template.
    ['CommonJS', 'Node10'],
    ['Node16', 'Node16'],
    ['ESNext', 'Bundler'],
  ])(
    'type-checks a WeChat page against ES2020 and WeChat typings only, and refuses a misused one (module %s, resolution %s)',
    (module, moduleResolution) => {
      const pages = [
        'pages/home/home.ts',
        ...(module === 'Node16' ? ['pages/home/home-esm.mts'] : []),
        'pages/misused/misused.ts',
      ];
      fs.writeFileSync(
        path.join(project, `tsconfig.wechat-${moduleResolution}.json`),
        tsconfig(['miniprogram-api-typings'], module, moduleResolution, pages),
      );
      const { status, output } = typeCheck(`tsconfig.wechat-${moduleResolution}.json`, project);
      expect(status).toBe(2);
      // Errors in the misused page only: a wrongly typed variable, a field read as the wrong type.
      expect(output.split('\n').filter((line) => !line.startsWith(' '))).toEqual([
        expect.stringMatching(
          /^pages\/misused\/misused\.ts\(6,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
        ),
        expect.stringMatching(
          /^pages\/misused\/misused\.ts\(7,\d+\): error TS2322: Type 'string \| undefined' is not assignable to type 'number \| undefined'/,
        ),
      ]);
    },
  );

  it("type-checks an Alipay page against ES2020 and Alipay's typings only", () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.alipay.json'),
      tsconfig(['@mini-types/alipay'], 'CommonJS', 'Node10', ['pages/alipay/nearest.ts']),
    );
    expect(typeCheck('tsconfig.alipay.json', project)).toEqual({ status: 0, output: '' });
  });

  it.each(['miniprogram-api-typings', '@mini-types/alipay'])(
    'compiles from its sources with ES2020 and %s only',
    (types) => {
      expect(typeCheck('schema/client', ROOT, '--types', types, '--skipLibCheck')).toEqual({
        status: 0,
        output: '',
      });
    },
  );

  it('loads in Node through require and through import, each from its own build', () => {
    const exported = (script: string, ...flags: string[]) =>
      JSON.parse(run(process.execPath, [...flags, '-e', script], project)) as {
        entry: string;
        names: string[];
        operationId: unknown;
        clientError: boolean;
      };
    const report = (client: string, entry: string) =>
      `console.log(JSON.stringify({ entry: ${entry}, names: Object.keys(${client}).sort(),
        operationId: ${client}.MiniProgramHome.id,
        clientError: new ${client}.ClientError('TIMEOUT', 'late') instanceof Error }))`;
    const required = exported(
      `const client = require('@hutong/client'); ${report('client', "require.resolve('@hutong/client')")}`,
    );
    const imported = exported(
      `const client = await import('@hutong/client'); ${report('client', "import.meta.resolve('@hutong/client')")}`,
      '--input-type=module',
    );
    expect(required.entry).toMatch(/node_modules\/@hutong\/client\/dist\/cjs\/index\.js$/);
    expect(imported.entry).toMatch(/node_modules\/@hutong\/client\/dist\/esm\/index\.js$/);
    for (const loaded of [required, imported]) {
      expect(loaded.names).toEqual(
        expect.arrayContaining([
          'ClientError',
          'DEFAULT_TIMEOUT_MS',
          'MiniProgramHome',
          'alipayTransport',
          'createClient',
          'fetchTransport',
          'unavailableServices',
          'wechatTransport',
        ]),
      );
      expect(loaded.operationId).toMatch(/^[0-9a-f]{64}$/);
      expect(loaded.clientError).toBe(true);
    }
    expect(imported.names).toEqual(required.names.filter((name) => name !== '__esModule'));
  });

  it.each([
    ['import', "import { createClient, MiniProgramHome } from '@hutong/client';"],
    ['require', "const { createClient, MiniProgramHome } = require('@hutong/client');"],
  ])('bundles for a mini-program through %s', async (condition, statement) => {
    const entry = path.join(project, `bundle-entry-${condition}.js`);
    fs.writeFileSync(entry, `${statement}\nexport const home = [createClient, MiniProgramHome];\n`);
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: project,
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2017',
      logLevel: 'silent',
    });
    const bundled = result.outputFiles[0]!.text;
    expect(bundled).toContain('persistedQuery');
    expect(bundled).toContain(condition === 'import' ? 'dist/esm/client.js' : 'dist/cjs/client.js');
  });
});
