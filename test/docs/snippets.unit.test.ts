/**
 * Every code snippet in the docs is checked against the code: TypeScript is
 * compiled (strict, against the files beside its README), GraphQL, JSON and
 * YAML parse, and shell parses and names only npm scripts and test files that
 * exist. Pictures are fenced as `text`; a fence without a language fails.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseGraphQL } from 'graphql';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../lib/config';

interface Snippet {
  file: string;
  line: number;
  language: string;
  code: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.data', 'artifacts', 'results']);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED_FOLDERS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

function snippetsOf(file: string): Snippet[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!opening) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    snippets.push({
      file: path.relative(PROJECT_ROOT, file),
      line: start + 1,
      language: opening[1]!,
      code: body.join('\n'),
    });
  }
  return snippets;
}

const SNIPPETS = markdownFiles(PROJECT_ROOT).flatMap(snippetsOf);
const named = (language: string) =>
  SNIPPETS.filter((snippet) => snippet.language === language).map(
    (snippet) => [`${snippet.file}:${snippet.line}`, snippet] as const,
  );

/** What a README's snippets compile with beyond the repository's own options. */
const README_OPTIONS: Record<string, ts.CompilerOptions> = {
  // A mini-program's: ES2020 and WeChat's typings, no DOM and no Node; the package by its name.
  'schema/client/README.md': {
    lib: ['lib.es2020.d.ts'],
    types: ['miniprogram-api-typings'],
    paths: { '@hutong/client': [path.join(PROJECT_ROOT, 'schema/client/index.ts')] },
  },
};

/** Compiles a TypeScript snippet as a module in its README's folder, as a bundler resolves it. */
function typeErrors(snippet: Snippet): string[] {
  const configFile = ts.readConfigFile(path.join(PROJECT_ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, PROJECT_ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    // A snippet shows values it does not go on to use.
    noUnusedLocals: false,
    noEmit: true,
    ...README_OPTIONS[snippet.file],
  };
  const virtual = path.join(
    PROJECT_ROOT,
    path.dirname(snippet.file),
    `readme-snippet-${snippet.line}.ts`,
  );
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === virtual
      ? ts.createSourceFile(name, `${snippet.code}\nexport {};\n`, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtual || fileExists(name);
  const program = ts.createProgram([virtual], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(virtual))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const PARSERS: Record<string, (code: string) => unknown> = {
  graphql: parseGraphQL,
  json: JSON.parse,
  yaml: parseYaml,
};

const PACKAGE_SCRIPTS = Object.keys(
  (
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts,
);

describe('code snippets in the docs', () => {
  it('finds the snippets of every README', () => {
    expect(SNIPPETS.map((snippet) => snippet.file)).toEqual(
      expect.arrayContaining(['README.md', 'schema/README.md', 'schema/client/README.md']),
    );
    expect(named('ts').length).toBeGreaterThan(0);
  });

  it('fences every snippet with its language', () => {
    expect(
      SNIPPETS.filter((snippet) => snippet.language === '').map((s) => `${s.file}:${s.line}`),
    ).toEqual([]);
  });

  it.each(named('ts'))('compiles the TypeScript at %s', (_, snippet) => {
    expect(typeErrors(snippet)).toEqual([]);
  });

  const parsed = SNIPPETS.filter((snippet) => snippet.language in PARSERS).map(
    (snippet) => [snippet.language, `${snippet.file}:${snippet.line}`, snippet] as const,
  );
  // Jest refuses an empty table: while no README shows GraphQL, JSON or YAML, there is nothing to parse.
  if (parsed.length > 0)
    it.each(parsed)('parses the %s at %s', (language, _, snippet) => {
      expect(() => PARSERS[language]!(snippet.code)).not.toThrow();
    });

  it.each(named('sh'))(
    'parses the shell at %s, naming scripts and files that exist',
    (_, snippet) => {
      expect(() => execFileSync('bash', ['-n'], { input: snippet.code })).not.toThrow();
      for (const [, script] of snippet.code.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)) {
        expect(PACKAGE_SCRIPTS).toContain(script);
      }
      for (const [, file] of snippet.code.matchAll(
        /\bjest -- ((?:test|schema|gateway|subgraphs)\/\S+)/g,
      )) {
        expect(fs.existsSync(path.join(PROJECT_ROOT, file!))).toBe(true);
      }
    },
  );
});
