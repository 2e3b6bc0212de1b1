/**
 * The schema check a subgraph team runs before merging: composes the proposed
 * SDL of one subgraph with the others' committed SDL (schema/<name>.graphql),
 * compares the resulting API schema with the committed supergraph's, and tells
 * which client operations of schema/operations/ would break. Offline: the
 * committed files are the registry.
 *
 * An operation breaks when it no longer validates against the proposed API
 * schema (a removed or retyped field, a removed or newly required argument, a
 * removed enum value it writes) or when a field it selects may now return
 * something its generated types do not allow (a non-null field made nullable,
 * a scalar or enum made another). The check fails on composition errors and
 * on broken operations: in production the gateway serves persisted operations
 * only, so a breaking change no shipped operation uses cannot reach a client.
 * `--strict` fails on any breaking change as well.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  findBreakingChanges,
  findDangerousChanges,
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/config';
import { buildSchema } from '../subgraphs/kit/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { AppRegistry } from '../gateway/apps';
import { buildSupergraph } from '../gateway/supergraph-features';
import { listClientOperationFiles } from '../lib/client-operations';
import {
  defaultRoutingUrl,
  OPERATIONS_DIR,
  SCHEMA_DIR,
  subgraphSchemaFile,
  SUPERGRAPH_FILE,
} from './compose';
import { partialDataErrors } from './entity-ownership';
import { APPS_FILE } from './paths';

export interface SchemaChange {
  type: string;
  description: string;
}

export interface BrokenOperation {
  name: string;
  file: string;
  /** The screen folder of schema/operations/ it sits in. */
  screen: string;
  /** The registered apps that ship it (schema/apps.yaml), by id. */
  apps: string[];
  problems: string[];
}

/** One app's screen that a change would break, and the operations that break it. */
export interface BrokenScreen {
  app: string;
  appName: string;
  screen: string;
  operations: string[];
}

export interface SchemaCheckReport {
  subgraph: SubgraphName;
  /** Where the proposed SDL came from. */
  source: string;
  compositionErrors: string[];
  /** Against the committed supergraph's API schema. */
  breakingChanges: SchemaChange[];
  dangerousChanges: SchemaChange[];
  operationsChecked: number;
  brokenOperations: BrokenOperation[];
  /** By app, then screen: what each app's users would see break. */
  brokenScreens: BrokenScreen[];
  strict: boolean;
  passed: boolean;
}

export interface SchemaCheckOptions {
  subgraph: SubgraphName;
  /** The proposed SDL; the subgraph's schema as its code prints it by default. */
  sdl?: string;
  /** Shown in the report: where `sdl` came from. */
  source?: string;
  /** Fail on any breaking change, used by a client operation or not. */
  strict?: boolean;
  /** The committed files to check against; schema/ by default. */
  schemaDir?: string;
  operationsDir?: string;
  /** The app registry naming the operations each app ships; schema/apps.yaml by default. */
  appsFile?: string;
}

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name);
}

function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return buildSupergraph(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * Whether clients reading a field typed `before` can read it typed `after`:
 * lists and nullability may only tighten, leaves keep their type. Object types
 * may change name: the selection decides, and validation has checked it.
 */
function isSafeOutputChange(before: GraphQLOutputType, after: GraphQLOutputType): boolean {
  if (isNonNullType(before))
    return isNonNullType(after) && isSafeOutputChange(before.ofType, after.ofType);
  if (isNonNullType(after)) return isSafeOutputChange(before, after.ofType);
  if (isListType(before))
    return isListType(after) && isSafeOutputChange(before.ofType, after.ofType);
  if (isListType(after)) return false;
  const named = getNamedType(before);
  return !isLeafType(named) || named.name === getNamedType(after).name;
}

/** The fields an operation selects whose type changes in a way its clients cannot read. */
function retypedSelections(
  document: DocumentNode,
  before: GraphQLSchema,
  after: GraphQLSchema,
): string[] {
  const problems = new Set<string>();
  const typeInfo = new TypeInfo(before);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || node.name.value.startsWith('__')) return;
        const afterParent = after.getType(parent.name);
        const afterField =
          afterParent && 'getFields' in afterParent
            ? afterParent.getFields()[field.name]
            : undefined;
        if (!afterField || !('args' in afterField)) return;
        if (!isSafeOutputChange(field.type, afterField.type)) {
          problems.add(
            `selects ${parent.name}.${field.name}, whose type changes from ${field.type} to ${afterField.type}`,
          );
        }
      },
    }),
  );
  return [...problems];
}

function checkOperations(
  operationsDir: string,
  registry: AppRegistry,
  before: GraphQLSchema,
  after: GraphQLSchema,
): { checked: number; broken: BrokenOperation[] } {
  const files = listClientOperationFiles(operationsDir);
  const broken: BrokenOperation[] = [];
  const shippers = (name: string) =>
    registry
      .all()
      .filter((app) => app.operations.has(name))
      .map((app) => app.id);
  for (const { screen, absolutePath } of files) {
    const relative = path.relative(process.cwd(), absolutePath);
    const fallbackName = path.basename(absolutePath, '.graphql');
    let document: DocumentNode;
    try {
      document = parse(fs.readFileSync(absolutePath, 'utf8'));
    } catch (error) {
      broken.push({
        name: fallbackName,
        file: relative,
        screen,
        apps: shippers(fallbackName),
        problems: [(error as Error).message],
      });
      continue;
    }
    const definition = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const name = definition?.name?.value ?? fallbackName;
    const invalid = validate(after, document, specifiedRules).map((error) => {
      const location = error.locations?.[0];
      return location
        ? `${error.message} (${relative}:${location.line}:${location.column})`
        : error.message;
    });
    const problems = invalid.length > 0 ? invalid : retypedSelections(document, before, after);
    if (problems.length > 0)
      broken.push({ name, file: relative, screen, apps: shippers(name), problems });
  }
  return { checked: files.length, broken };
}

/** The broken operations regrouped as each app's users meet them: by app, then screen. */
function screensOf(broken: BrokenOperation[], registry: AppRegistry): BrokenScreen[] {
  const screens: BrokenScreen[] = [];
  for (const app of registry.all()) {
    const byScreen = new Map<string, string[]>();
    for (const operation of broken) {
      if (!operation.apps.includes(app.id)) continue;
      byScreen.set(operation.screen, [...(byScreen.get(operation.screen) ?? []), operation.name]);
    }
    for (const [screen, operations] of byScreen)
      screens.push({ app: app.id, appName: app.name, screen, operations });
  }
  return screens;
}

export function checkSubgraphSchema(options: SchemaCheckOptions): SchemaCheckReport {
  const { subgraph } = options;
  const schemaDir = options.schemaDir ?? SCHEMA_DIR;
  const committedFile = (name: SubgraphName) =>
    path.join(schemaDir, path.basename(subgraphSchemaFile(name)));
  const proposed = options.sdl ?? printSubgraphSchema(buildSchema(SUBGRAPHS[subgraph]));
  const report: SchemaCheckReport = {
    subgraph,
    source: options.source ?? `subgraphs/${subgraph}/schema.graphql, as printed by its code`,
    compositionErrors: [],
    breakingChanges: [],
    dangerousChanges: [],
    operationsChecked: 0,
    brokenOperations: [],
    brokenScreens: [],
    strict: options.strict ?? false,
    passed: false,
  };

  let services;
  try {
    services = SUBGRAPH_NAMES.map((name) => ({
      name,
      url: defaultRoutingUrl(name),
      typeDefs: parse(name === subgraph ? proposed : fs.readFileSync(committedFile(name), 'utf8')),
    }));
  } catch (error) {
    report.compositionErrors.push(`The proposed SDL does not parse: ${(error as Error).message}`);
    return report;
  }
  const composition = composeServices(services);
  if (composition.errors) {
    report.compositionErrors = composition.errors.map((error) => error.message);
    return report;
  }
  const contributionErrors = partialDataErrors(services);
  if (contributionErrors.length > 0) {
    report.compositionErrors = contributionErrors.map((error) => error.message);
    return report;
  }

  const committedSupergraph = fs.readFileSync(
    path.join(schemaDir, path.basename(SUPERGRAPH_FILE)),
    'utf8',
  );
  const before = apiSchemaOf(committedSupergraph);
  const after = apiSchemaOf(composition.supergraphSdl);
  report.breakingChanges = findBreakingChanges(before, after).map(({ type, description }) => ({
    type,
    description,
  }));
  report.dangerousChanges = findDangerousChanges(before, after).map(({ type, description }) => ({
    type,
    description,
  }));
  const appsFile = options.appsFile ?? APPS_FILE;
  const registry = AppRegistry.parse(fs.readFileSync(appsFile, 'utf8'), appsFile);
  const operations = checkOperations(
    options.operationsDir ?? OPERATIONS_DIR,
    registry,
    before,
    after,
  );
  report.operationsChecked = operations.checked;
  report.brokenOperations = operations.broken;
  report.brokenScreens = screensOf(operations.broken, registry);
  report.passed =
    report.brokenOperations.length === 0 && (!report.strict || report.breakingChanges.length === 0);
  return report;
}

export function formatSchemaCheckReport(report: SchemaCheckReport): string {
  const lines = [`Schema check of ${report.subgraph}: ${report.source}`, ''];
  if (report.compositionErrors.length > 0) {
    lines.push(`FAIL  does not compose with the other subgraphs' committed SDL:`);
    for (const error of report.compositionErrors) lines.push(`        ${error}`);
    lines.push('', 'FAILED: fix the composition errors above.');
    return lines.join('\n');
  }
  lines.push(`ok    composes with the other subgraphs' committed SDL`);

  const changes = report.breakingChanges.length;
  lines.push(
    changes === 0
      ? 'ok    no breaking change to the API schema'
      : `${report.strict ? 'FAIL' : 'warn'}  ${changes} breaking change${changes === 1 ? '' : 's'} to the API schema:`,
  );
  for (const change of report.breakingChanges)
    lines.push(`        ${change.type}  ${change.description}`);
  for (const change of report.dangerousChanges)
    lines.push(`        (dangerous) ${change.type}  ${change.description}`);

  const broken = report.brokenOperations.length;
  lines.push(
    broken === 0
      ? `ok    all ${report.operationsChecked} client operation${report.operationsChecked === 1 ? '' : 's'} of schema/operations/ still work`
      : `FAIL  ${broken} of ${report.operationsChecked} client operation${report.operationsChecked === 1 ? '' : 's'} would break:`,
  );
  for (const operation of report.brokenOperations) {
    const shippedBy =
      operation.apps.length > 0 ? `shipped by ${operation.apps.join(', ')}` : 'shipped by no app';
    lines.push(`        ${operation.name} (${operation.file}; ${shippedBy})`);
    for (const problem of operation.problems) lines.push(`          - ${problem}`);
  }
  if (report.brokenScreens.length > 0) {
    const apps = [...new Set(report.brokenScreens.map((screen) => screen.app))];
    lines.push(
      `FAIL  ${apps.length} app${apps.length === 1 ? '' : 's'} would have broken screens:`,
    );
    for (const app of apps) {
      const screens = report.brokenScreens.filter((screen) => screen.app === app);
      lines.push(`        ${app} (${screens[0]!.appName}):`);
      for (const screen of screens)
        lines.push(
          `          screen ${screen.screen || '(top level)'}: ${screen.operations.join(', ')}`,
        );
    }
  }

  lines.push('');
  if (report.passed) {
    lines.push(
      changes === 0
        ? 'PASSED'
        : 'PASSED: no client operation uses what changes (use --strict to refuse any breaking change)',
    );
  } else if (broken > 0) {
    lines.push('FAILED: the change breaks client operations.');
  } else {
    lines.push('FAILED: --strict refuses any breaking change.');
  }
  return lines.join('\n');
}

const HELP = `Usage: npm run schema:check -- <subgraph> [--sdl <file>] [--apps <file>] [--strict] [--json]

Checks a proposed schema of one subgraph (${SUBGRAPH_NAMES.join(', ')}) against
what is committed under schema/, offline:

  1. composes it with the other subgraphs' schema/<name>.graphql;
  2. lists the breaking (and dangerous) changes to the API schema of
     schema/supergraph.graphql;
  3. validates every client operation of schema/operations/<screen>/ against
     the new API schema and reports those that would break, with each
     registered app (schema/apps.yaml) and screen that ships them.

  --sdl <file>  the proposed SDL; by default subgraphs/<subgraph>/schema.graphql
                as the subgraph's code prints it
  --apps <file> the app registry naming what each app ships; by default
                schema/apps.yaml (give production's to check against it)
  --strict      also fail on breaking changes no client operation uses
  --json        print the report as JSON
  -h, --help    show this help

Exit status: 0 when it passes, 1 when it fails, 2 on a usage error.`;

export function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sdl: { type: 'string' },
        apps: { type: 'string' },
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const subgraph = positionals[0];
  if (positionals.length !== 1 || subgraph === undefined || !isSubgraphName(subgraph)) {
    console.error(
      `${subgraph === undefined ? 'Name a subgraph.' : `Unknown subgraph "${positionals.join(' ')}".`}\n\n${HELP}`,
    );
    return 2;
  }
  let sdl: string | undefined;
  if (values.sdl !== undefined) {
    try {
      sdl = fs.readFileSync(values.sdl, 'utf8');
    } catch (error) {
      console.error(`Cannot read ${values.sdl}: ${(error as Error).message}`);
      return 2;
    }
  }
  if (values.apps !== undefined && !fs.existsSync(values.apps)) {
    console.error(`Cannot read ${values.apps}: no such file`);
    return 2;
  }
  let report: SchemaCheckReport;
  try {
    report = checkSubgraphSchema({
      subgraph,
      ...(sdl === undefined ? {} : { sdl, source: values.sdl }),
      ...(values.apps === undefined ? {} : { appsFile: values.apps }),
      strict: values.strict,
    });
  } catch (error) {
    // An app registry that does not parse: its own message says what is wrong where.
    console.error((error as Error).message);
    return 2;
  }
  console.log(values.json ? JSON.stringify(report, null, 2) : formatSchemaCheckReport(report));
  return report.passed ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
