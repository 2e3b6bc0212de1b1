/**
 * Every file a comment or a README names exists: a moved or renamed file takes
 * the words that point at it along. Paths are read as written from the
 * project's root, from the naming file's folder, or (`data/rows.ts`: every
 * subgraph's) from a subgraph's folder; `path/to/...` is an example.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SUBGRAPH_NAMES } from '../../lib/config';

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.data',
  'artifacts',
  'results',
  'generated',
  // The build's output (npm run build): named by the deploy files, made from the sources.
  'dist',
]);
const NAMING_FILES = /\.(ts|md|yaml|sh)$/;
const COMMENT_LINE = /^\s*(\*|\/\/|\/\*)/;
const NAMED_PATH =
  /(?<![\w./@<$-])((?:\.{1,2}\/|[\w.-]+\/)+[\w.-]+\.(?:ts|graphql|ya?ml|json|sql|md|cjs|mjs|js))\b/g;

function projectFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED_FOLDERS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(full) : [full];
  });
}

function missingNames(): string[] {
  const missing: string[] = [];
  for (const file of projectFiles(PROJECT_ROOT).filter((name) => NAMING_FILES.test(name))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (file.endsWith('.ts') && !COMMENT_LINE.test(line)) return;
      for (const [, named] of line.matchAll(NAMED_PATH)) {
        if (named!.startsWith('path/to/')) continue;
        // A compiled file of the build is there once its source is.
        const built = /^dist\/(.+)\.js$/.exec(named!);
        const candidates = [
          ...(built ? [path.join(PROJECT_ROOT, `${built[1]}.ts`)] : []),
          path.join(PROJECT_ROOT, named!),
          path.join(path.dirname(file), named!),
          ...SUBGRAPH_NAMES.map((name) => path.join(PROJECT_ROOT, 'subgraphs', name, named!)),
        ];
        if (!candidates.some((candidate) => fs.existsSync(candidate)))
          missing.push(`${path.relative(PROJECT_ROOT, file)}:${index + 1} names ${named}`);
      }
    });
  }
  return missing;
}

describe('files named in comments and docs', () => {
  it('finds every one of them', () => {
    expect(missingNames()).toEqual([]);
  });
});
