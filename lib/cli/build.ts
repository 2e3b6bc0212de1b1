/**
 * `npm run build`: the JavaScript the image runs, in dist/ (or `--out-dir`).
 *
 * Each TypeScript file is transpiled on its own by esbuild, with a source map,
 * into the same relative place; nothing is bundled, so every `__dirname` in the
 * code still names the folder its files sit in. The files the services read at
 * run time (schemas, migrations and seeds, the supergraph, the persisted
 * operations, the app registry) are copied beside the code, and so are the
 * sources of the developer pages' browser bundles, which esbuild bundles on the
 * first request. The output folder stands in for the project root
 * (lib/config.ts's PROJECT_ROOT is the folder above lib/), so it must lie inside
 * the project for the compiled code to find node_modules.
 *
 * Why esbuild rather than tsc: tsx, which ran the services before, is esbuild
 * transpiling file by file, so the code that runs is the code that ran; the
 * whole tree takes about a second against half a minute for tsc, which would
 * type-check again what `npm run typecheck` has just checked; and the project's
 * `isolatedModules` already keeps every file transpilable on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../config';

/** The folders that hold what the services run; test/ is not among them. */
export const SOURCE_FOLDERS = ['gateway', 'lib', 'subgraphs', 'schema'] as const;

export const DEFAULT_BUILD_DIR = path.join(PROJECT_ROOT, 'dist');

/** The extensions of the files the services read at run time. */
const ASSET_EXTENSIONS = new Set(['.graphql', '.sql', '.yaml', '.json']);

/** The client package's own build and its package files: not the services'. */
const CLIENT_PACKAGE = path.join('schema', 'client');

/** Browser code lives in folders of this name, bundled at run time, never run by Node. */
const BROWSER_FOLDER = 'browser';

const HELP = `Usage: npm run build -- [--out-dir <dir>]

Transpiles the services' TypeScript to JavaScript with source maps and copies the
files they read at run time beside it. Run the result with
node --enable-source-maps <dir>/gateway/index.js (or <dir>/subgraphs/<name>/index.js).

  --out-dir <dir>  where to write (default: dist); inside the project, so that
                   the code finds node_modules
  -h, --help       show this help`;

/** The project's files under the source folders, relative to the root, in a stable order. */
function projectFiles(root: string): string[] {
  return SOURCE_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))),
  )
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .filter((file) => !file.startsWith(path.join(CLIENT_PACKAGE, 'dist') + path.sep))
    .sort();
}

function inBrowserFolder(file: string): boolean {
  return path.dirname(file).split(path.sep).includes(BROWSER_FOLDER);
}

/** The TypeScript files compiled to JavaScript. */
export function compiledSources(root = PROJECT_ROOT): string[] {
  return projectFiles(root).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !inBrowserFolder(file),
  );
}

/** The files copied as they are, for the services to read at run time. */
export function runtimeAssets(root = PROJECT_ROOT): string[] {
  return projectFiles(root).filter(
    (file) =>
      ASSET_EXTENSIONS.has(path.extname(file)) &&
      !file.startsWith(CLIENT_PACKAGE + path.sep) &&
      !path.basename(file).startsWith('tsconfig'),
  );
}

/** The entry points of the browser bundles (lib/sandbox/bundle.ts). */
export function browserEntryPoints(root = PROJECT_ROOT): string[] {
  return projectFiles(root).filter(
    (file) => file.endsWith('.ts') && path.basename(path.dirname(file)) === BROWSER_FOLDER,
  );
}

/** The project's files the browser bundles are made of, as esbuild resolves their imports. */
async function browserBundleSources(root: string): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: browserEntryPoints(root),
    bundle: true,
    write: false,
    metafile: true,
    outdir: 'unused',
    platform: 'browser',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs)
    .filter((input) => !input.split('/').includes('node_modules'))
    .map((input) => path.normalize(input));
}

export interface BuildResult {
  outDir: string;
  compiled: number;
  copied: number;
}

export async function buildProject(
  outDir = DEFAULT_BUILD_DIR,
  root = PROJECT_ROOT,
): Promise<BuildResult> {
  const relativeOut = path.relative(root, outDir);
  if (relativeOut === '' || relativeOut.startsWith('..') || path.isAbsolute(relativeOut))
    throw new Error(`${outDir}: the output folder must lie inside ${root}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const sources = compiledSources(root);
  await build({
    absWorkingDir: root,
    entryPoints: sources,
    outdir: outDir,
    outbase: root,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Stack traces name the TypeScript file and line; the maps point at the
    // sources rather than carry them.
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
  const copies = [...runtimeAssets(root), ...(await browserBundleSources(root))];
  for (const file of copies) {
    fs.mkdirSync(path.join(outDir, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(outDir, file));
  }
  return { outDir, compiled: sources.length, copied: copies.length };
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: { 'out-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const outDir = values['out-dir'] ? path.resolve(values['out-dir']) : DEFAULT_BUILD_DIR;
  try {
    const result = await buildProject(outDir);
    console.log(
      `${path.relative(process.cwd(), result.outDir) || '.'}: ${result.compiled} modules compiled, ${result.copied} files copied`,
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
