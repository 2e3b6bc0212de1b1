// Jest runs three groups: `fast` (unit and contract tests: no graph started),
// `graph` (the subgraphs and the gateway on port 0, in process) and `e2e`
// (processes started as an operator would, and browsers). A file's group is in
// its name: `*.unit.test.ts`, `*.contract.test.ts`, anything else; e2e by folder.
const os = require('node:os');
const path = require('node:path');

const shared = {
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // schema/client/ imports its own modules as `./client.js`, as Node's ESM wants of the package it
  // builds; TypeScript, tsx and esbuild find the `.ts` behind such a name, Jest needs telling.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // The five seeded subgraphs take a while to start on a busy two-core machine.
  testTimeout: 120_000,
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: shared.rootDir,
  testTimeout: shared.testTimeout,
  // A test file runs its graph in one worker process and leaves its core idle
  // while it waits on sockets and on the timeouts it provokes: on two cores,
  // three workers finish the graph group well before two do (test/README.md).
  // Jest would give one worker under CI=true (cores - 1); never fewer than
  // three, else its own default.
  maxWorkers: Math.max(3, os.availableParallelism() - 1),
  // Each file loads the gateway, five subgraphs and their PGlite anew, and a worker grows file by
  // file: one whose JavaScript heap is past this after a file is replaced. (PGlite's wasm memory
  // lies outside the heap: a worker's RSS reached about 2 GB on a whole run.)
  workerIdleMemoryLimit: '700MB',
  testSequencer: path.join(__dirname, 'sequencer.js'),
  projects: [
    {
      ...shared,
      displayName: 'fast',
      testMatch: ['<rootDir>/test/**/*.unit.test.ts', '<rootDir>/test/**/*.contract.test.ts'],
    },
    {
      ...shared,
      displayName: 'graph',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.unit\\.test\\.ts$', '\\.contract\\.test\\.ts$', '/test/e2e/'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
