/// <reference lib="dom" />
/**
 * The sandbox page: GraphiQL with the schema docs, the client operations of
 * schema/operations/ as tabs, and Hutong's panels (operations and the demo
 * user, field owners, query plan). Bundled by lib/sandbox/bundle.ts.
 */
import { GraphiQL } from 'graphiql';
import { buildSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { SETTINGS_ELEMENT_ID, type SandboxSettings } from '../settings';
import { fieldOwnersPlugin, operationsPlugin, queryPlanPlugin } from './panels';

function readSettings(): SandboxSettings {
  const element = document.getElementById(SETTINGS_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`The page has no #${SETTINGS_ELEMENT_ID}`);
  return JSON.parse(element.textContent) as SandboxSettings;
}

const settings = readSettings();
const operations = operationsPlugin(settings);
const plugins = [
  operations,
  ...(settings.ownersPath ? [fieldOwnersPlugin(settings.ownersPath)] : []),
  ...(settings.planPath ? [queryPlanPlugin(settings.planPath)] : []),
];

async function fetcher(
  params: unknown,
  options?: { headers?: Record<string, unknown> },
): Promise<ExecutionResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  for (const [name, value] of Object.entries(options?.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  const response = await fetch(settings.endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as ExecutionResult;
  } catch {
    // GraphiQL shows a rejected fetch in the response pane.
    throw new Error(`HTTP ${response.status}, not GraphQL: ${text.slice(0, 500)}`);
  }
}

async function loadSchema(): Promise<GraphQLSchema | undefined> {
  if (!settings.schemaPath) return undefined;
  const response = await fetch(settings.schemaPath);
  if (!response.ok) throw new Error(`The schema is not available: HTTP ${response.status}`);
  return buildSchema(await response.text());
}

/**
 * GraphiQL 3 opens the first of `defaultTabs` without its variables: it takes
 * the editor's first content from the `variables` prop alone. Hand them over
 * on a first visit; later visits restore the saved tabs, variables included.
 */
function firstVisitVariables(): string | undefined {
  const first = settings.operations[0];
  if (!first || localStorage.getItem('graphiql:tabState') !== null) return undefined;
  return JSON.stringify(first.variables, null, 2);
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('graphiql')!);
  let schema: GraphQLSchema | undefined;
  try {
    schema = await loadSchema();
  } catch (error) {
    // GraphiQL still runs operations; it introspects for the docs instead.
    console.warn((error as Error).message);
  }
  const variables = firstVisitVariables();
  root.render(
    h(GraphiQL, {
      fetcher,
      plugins,
      visiblePlugin: operations,
      ...(schema ? { schema } : {}),
      defaultTabs: settings.operations.map((operation) => ({
        query: operation.body,
        variables: JSON.stringify(operation.variables, null, 2),
      })),
      ...(variables === undefined ? {} : { variables }),
      defaultEditorToolsVisibility: 'variables',
      // A token in local storage would outlive the session it was fetched for.
      shouldPersistHeaders: false,
    }),
  );
}

void start();
