// The project's layering, checked by dependency-cruiser (`npm run deps:check`, in `npm test`):
// lib/ is shared by both sides and imports neither; the gateway imports no subgraph; a subgraph
// imports only itself and the kit; the client package stands alone; nothing imports in a circle.
// Paths are relative to the repository's root, where the script runs.

/** The rules, exported on their own so test/lib/dependency-rules.unit.test.ts can run them. */
const forbidden = [
  {
    name: 'lib-imports-no-side',
    comment:
      'lib/ holds only what the gateway and the subgraphs share: it imports neither, nor the pipeline.',
    severity: 'error',
    from: { path: '^lib/' },
    to: { path: '^(gateway|subgraphs|schema)/' },
  },
  {
    name: 'gateway-imports-no-subgraph',
    comment: 'The gateway reaches subgraphs over HTTP only, through the supergraph.',
    severity: 'error',
    from: { path: '^gateway/' },
    to: { path: '^subgraphs/' },
  },
  {
    name: 'gateway-imports-only-the-client-of-schema',
    comment: 'Of schema/, the gateway uses the typed client package only (the demo page runs it).',
    severity: 'error',
    from: { path: '^gateway/' },
    to: { path: '^schema/', pathNot: '^schema/client/' },
  },
  {
    name: 'subgraph-imports-no-other-subgraph',
    comment:
      'A subgraph is built from subgraphs/kit/ and itself; another subgraph is reached through the graph.',
    severity: 'error',
    from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/kit/' },
    to: { path: '^subgraphs/', pathNot: ['^subgraphs/$1/', '^subgraphs/kit/'] },
  },
  {
    name: 'subgraph-imports-no-gateway-or-schema',
    comment:
      'A subgraph serves its own schema.graphql; the gateway and the composition pipeline sit above it.',
    severity: 'error',
    from: { path: '^subgraphs/' },
    to: { path: '^(gateway|schema)/' },
  },
  {
    name: 'kit-imports-no-subgraph',
    comment: 'subgraphs/kit/ is what every subgraph is built from: it knows none of them.',
    severity: 'error',
    from: { path: '^subgraphs/kit/' },
    to: { path: '^subgraphs/', pathNot: '^subgraphs/kit/' },
  },
  {
    name: 'client-package-stands-alone',
    comment:
      'schema/client/ is a package of its own, run in browsers and mini-programs: itself and npm only.',
    severity: 'error',
    from: { path: '^schema/client/' },
    to: { pathNot: '^schema/client/', dependencyTypesNot: ['npm'] },
  },
  {
    name: 'production-imports-no-test',
    comment: 'test/ serves the tests; what ships never depends on it.',
    severity: 'error',
    from: { pathNot: '^test/' },
    to: { path: '^test/' },
  },
  {
    name: 'no-circular',
    comment: 'Nothing imports in a circle, type-only imports included.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'no-undeclared-package',
    comment: 'Every npm package imported is declared in package.json.',
    severity: 'error',
    from: {},
    to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
  },
  {
    name: 'production-uses-no-dev-dependency',
    comment:
      'The image prunes devDependencies (npm prune --omit=dev); test/, the codegen (client and subgraph types) and the generator of the configuration reference, which a developer runs, may use them.',
    severity: 'error',
    from: { pathNot: ['^test/', '^schema/((client-|subgraph-)?codegen|config-docs)\\.ts$'] },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'no-unresolvable',
    comment: 'An import that resolves to nothing fails at run time.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    // The client package's build is its sources compiled: checked as sources, not twice.
    exclude: { path: ['^test/e2e/artifacts/', '^coverage/', '^schema/client/dist/'] },
    // Type-only imports count: a circle of types is still a circle a reader has to untangle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Node's own modules, resolved as Node resolves them for this CommonJS project.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
