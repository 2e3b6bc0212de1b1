// ESLint for the whole tree, run from the repository's root by `npm run lint`
// (`eslint --config test/eslint.config.mjs .`). Prettier owns the layout: the sets below hold no
// layout rule (so eslint-config-prettier has nothing to switch off), and none may be added here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Files that are a process's entry point or a person's tool: printing is what they are for.
const PRINTING_ENTRY_POINTS = [
  'lib/cli/**',
  'gateway/index.ts',
  'gateway/token.ts',
  'schema/check.ts',
  'schema/compose.ts',
  'schema/client-codegen.ts',
  'schema/subgraph-codegen.ts',
  'schema/config-docs.ts',
  'test/bench/**',
  'test/support/cluster-gateway.ts',
];

// The environment is read by the typed configuration modules only (each service's config.ts, on
// lib/config.ts's reader); the rest receive what they parsed. Entry points that start other
// processes hand theirs on, and the test harness and benchmarks read their own switches (CI,
// REDIS_URL, BENCH_*).
const ENVIRONMENT_READERS = [
  'lib/config.ts',
  'gateway/config.ts',
  'subgraphs/kit/config.ts',
  'lib/cli/**',
  'test/support/**',
  'test/bench/**',
];

const processEnvMessage =
  'Read settings through gateway/config.ts or subgraphs/kit/config.ts (load*Config) and pass them down; only configuration readers and entry points touch process.env.';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'schema/client/generated/',
      'schema/client/dist/',
      'dist/',
      'subgraphs/*/__generated__/',
      'test/e2e/artifacts/',
      'coverage/',
      '.data/',
      '.scratch/',
      'test/bench/results/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      // `x != null` stays: it means "neither null nor undefined", on purpose.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: processEnvMessage,
        },
        {
          selector:
            "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
          message: processEnvMessage,
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['process', 'node:process'].map((name) => ({
            name,
            importNames: ['env'],
            message: processEnvMessage,
          })),
        },
      ],
    },
  },
  // TypeScript (strict) already reports undefined names, knowing the globals of Node and the page.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: PRINTING_ENTRY_POINTS, rules: { 'no-console': 'off' } },
  // In a page the console is the log: the sandbox and the demo have no logger to call.
  { files: ['**/browser/**'], rules: { 'no-console': 'off' } },
  // Tests read answers the schema does not type for them (partial data, errors, extensions).
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ENVIRONMENT_READERS,
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
);
