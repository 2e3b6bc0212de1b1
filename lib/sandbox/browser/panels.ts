/// <reference lib="dom" />
/**
 * Hutong's GraphiQL panels, as GraphiQL plugins (a sidebar icon each):
 *
 * - Operations: the client operations of schema/operations/ and the viewer
 *   (the demo user's token, or any bearer token);
 * - Field owners: for a type or Type.field, the subgraphs that define,
 *   resolve or need it, from the supergraph's join directives;
 * - Query plan: how the gateway would run the operation in the editor.
 */
import {
  MergeIcon,
  PenIcon,
  TypeIcon,
  useEditorContext,
  useExplorerContext,
  useOperationsEditorState,
  type ExplorerNavStackItem,
  type GraphiQLPlugin,
} from '@graphiql/react';
import { createElement as h, useEffect, useState, type ReactNode } from 'react';
import type {
  FieldOwners,
  OwnedMember,
  OwnedType,
  SandboxOperation,
  SandboxSettings,
} from '../settings';

async function postJson(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const answer = (await response.json()) as { errors?: { message: string }[] };
  if (!response.ok) {
    throw new Error(
      answer.errors?.map((error) => error.message).join('\n') ?? `HTTP ${response.status}`,
    );
  }
  return answer;
}

function panel(title: string, ...children: ReactNode[]) {
  return h('div', { className: 'hutong-panel' }, h('h2', null, title), ...children);
}

// ---------------------------------------------------------------- operations

/** The headers editor's JSON as an object; anything unparsable counts as empty. */
function parseHeaders(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function OperationsPanel({ settings }: { settings: SandboxSettings }) {
  const editor = useEditorContext({ nonNull: true });
  const [status, setStatus] = useState('Anonymous until a viewer is set.');
  const [token, setToken] = useState('');
  const tokenViewer = settings.viewer.kind === 'token' ? settings.viewer : undefined;
  const [appId, setAppId] = useState(tokenViewer?.apps[0]?.id ?? '');
  const app = tokenViewer?.apps.find((candidate) => candidate.id === appId);
  const [granted, setGranted] = useState<string[]>(app?.scopes ?? []);
  const pickApp = (id: string) => {
    setAppId(id);
    setGranted(tokenViewer?.apps.find((candidate) => candidate.id === id)?.scopes ?? []);
  };
  const viewerHeader = settings.viewer.kind === 'token' ? 'Authorization' : settings.viewer.header;

  const open = (operation: SandboxOperation) => {
    editor.queryEditor?.setValue(operation.body);
    editor.variableEditor?.setValue(JSON.stringify(operation.variables, null, 2));
  };
  const setViewer = (value: string | null) => {
    const headers = parseHeaders(editor.headerEditor?.getValue() ?? '');
    for (const name of Object.keys(headers))
      if (name.toLowerCase() === viewerHeader.toLowerCase()) delete headers[name];
    if (value !== null) headers[viewerHeader] = value;
    editor.headerEditor?.setValue(
      Object.keys(headers).length > 0 ? JSON.stringify(headers, null, 2) : '',
    );
  };
  const signInDemoUser = async () => {
    const viewer = settings.viewer;
    if (viewer.kind === 'header') {
      setViewer(viewer.userId);
      setStatus(`Signed in as ${viewer.userId}: ${viewer.header} is in the headers.`);
      return;
    }
    try {
      const answer = (await postJson(viewer.tokenPath, { app: appId, scopes: granted })) as {
        token: string;
      };
      setViewer(`Bearer ${answer.token}`);
      setStatus(
        `Signed in as ${viewer.userId} in ${appId}, granting ${granted.join(', ') || 'no scope'}: ` +
          'a bearer token valid one hour is in the headers.',
      );
    } catch (error) {
      setStatus(`No token: ${(error as Error).message}`);
    }
  };

  return panel(
    'Operations',
    h('p', { className: 'muted' }, settings.operationsNote),
    h(
      'ul',
      null,
      ...settings.operations.map((operation) =>
        h(
          'li',
          { key: operation.name },
          h(
            'button',
            {
              type: 'button',
              onClick: () => open(operation),
              'aria-label': `Open ${operation.name}`,
            },
            operation.name,
          ),
        ),
      ),
    ),
    h('h3', null, 'Viewer'),
    tokenViewer
      ? h(
          'fieldset',
          { className: 'hutong-consent' },
          h('legend', null, 'App and consent'),
          h(
            'select',
            {
              'aria-label': 'App',
              value: appId,
              onChange: (event: { target: { value: string } }) => pickApp(event.target.value),
            },
            ...tokenViewer.apps.map((candidate) =>
              h(
                'option',
                { key: candidate.id, value: candidate.id },
                `${candidate.name} (${candidate.id})`,
              ),
            ),
          ),
          ...tokenViewer.scopes
            .filter((scope) => app?.scopes.includes(scope.name))
            .map((scope) =>
              h(
                'label',
                { key: scope.name, title: scope.description },
                h('input', {
                  type: 'checkbox',
                  checked: granted.includes(scope.name),
                  onChange: () =>
                    setGranted((now) =>
                      now.includes(scope.name)
                        ? now.filter((name) => name !== scope.name)
                        : [...now, scope.name],
                    ),
                }),
                ` ${scope.name}`,
              ),
            ),
        )
      : null,
    h(
      'div',
      null,
      h(
        'button',
        { type: 'button', onClick: () => void signInDemoUser() },
        `Use demo user (${settings.viewer.userId})`,
      ),
      ' ',
      h(
        'button',
        {
          type: 'button',
          onClick: () => {
            setViewer(null);
            setStatus('Anonymous: no viewer header.');
          },
        },
        'Anonymous',
      ),
    ),
    settings.viewer.kind === 'token'
      ? h(
          'form',
          {
            onSubmit: (event: { preventDefault(): void }) => {
              event.preventDefault();
              const value = token.trim().replace(/^Bearer\s+/i, '');
              if (value === '') return;
              setViewer(`Bearer ${value}`);
              setStatus('Using the token you gave.');
            },
          },
          h('input', {
            'aria-label': 'Bearer token',
            placeholder: 'or paste a bearer token and press Enter',
            value: token,
            onChange: (event: { target: { value: string } }) => setToken(event.target.value),
          }),
        )
      : null,
    h('p', { className: 'muted', role: 'status' }, status),
  );
}

// ---------------------------------------------------------------- field owners

let ownersRequest: Promise<FieldOwners> | undefined;
function loadOwners(path: string): Promise<FieldOwners> {
  if (!ownersRequest) {
    ownersRequest = fetch(path).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as FieldOwners;
    });
    // A failed read is tried again the next time the panel opens.
    ownersRequest.catch(() => (ownersRequest = undefined));
  }
  return ownersRequest;
}

/** Where the docs explorer stands, as Type or Type.field, to start from there. */
function explorerCoordinate(stack: readonly ExplorerNavStackItem[] | undefined): string {
  const top = stack?.[stack.length - 1];
  if (!top?.def) return '';
  if (!('type' in top.def)) return top.def.name;
  const parent = stack?.[stack.length - 2];
  return parent?.def && !('type' in parent.def) ? `${parent.def.name}.${top.name}` : top.name;
}

const MAX_TYPES_SHOWN = 12;

function matchingTypes(
  owners: FieldOwners,
  filter: string,
): { type: OwnedType; members: OwnedMember[] }[] {
  const [typePart = '', memberPart] = filter.trim().toLowerCase().split('.', 2);
  if (typePart === '') return [];
  const exact = owners.types.filter((type) => type.name.toLowerCase() === typePart);
  const types =
    exact.length > 0
      ? exact
      : owners.types.filter((type) => type.name.toLowerCase().includes(typePart));
  return types.slice(0, MAX_TYPES_SHOWN).map((type) => {
    if (!memberPart) return { type, members: type.members };
    const exactMember = type.members.filter((member) => member.name.toLowerCase() === memberPart);
    return {
      type,
      members:
        exactMember.length > 0
          ? exactMember
          : type.members.filter((member) => member.name.toLowerCase().includes(memberPart)),
    };
  });
}

function badge(text: string, className = 'hutong-badge') {
  return h('span', { className, key: `${className}-${text}` }, text);
}

function memberRow(type: OwnedType, member: OwnedMember) {
  const notes: string[] = [];
  for (const requirement of member.requires)
    notes.push(`${requirement.subgraph} @requires(${requirement.fields})`);
  for (const override of member.overrides)
    notes.push(`${override.subgraph} took it over from ${override.from}`);
  return h(
    'tr',
    { key: member.name, 'data-testid': `owner-${type.name}.${member.name}` },
    h('td', null, member.type ? `${member.name}: ${member.type}` : member.name),
    h(
      'td',
      null,
      ...member.subgraphs.map((subgraph) => badge(subgraph)),
      member.subgraphs.length > 1 ? h('span', { className: 'muted' }, ' shared') : null,
      ...member.external.map((subgraph) =>
        badge(`${subgraph} (external)`, 'hutong-badge external'),
      ),
      notes.length > 0 ? h('div', { className: 'muted' }, notes.join('; ')) : null,
    ),
  );
}

/** For each subgraph of a type: its keys and the members no other subgraph resolves. */
function contributions(type: OwnedType) {
  return type.subgraphs.map((definition) => {
    const own = type.members
      .filter(
        (member) => member.subgraphs.length === 1 && member.subgraphs[0] === definition.subgraph,
      )
      .map((member) => member.name);
    const keys = definition.keys.length > 0 ? ` @key(${definition.keys.join(' | ')})` : '';
    const resolvable = definition.resolvable ? '' : ' (refers to it only)';
    return h(
      'li',
      { key: definition.subgraph },
      badge(definition.subgraph),
      `${keys}${resolvable}`,
      own.length > 0
        ? h('span', { className: 'muted' }, ` alone resolves ${own.join(', ')}`)
        : null,
    );
  });
}

function FieldOwnersPanel({ path }: { path: string }) {
  const explorer = useExplorerContext();
  const [filter, setFilter] = useState(() => explorerCoordinate(explorer?.explorerNavStack));
  const [owners, setOwners] = useState<FieldOwners | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    loadOwners(path).then(setOwners, (error: Error) => setFailure(error.message));
  }, [path]);

  let results: ReactNode;
  if (failure) results = h('p', { className: 'error' }, `Could not read the owners: ${failure}`);
  else if (!owners) results = h('p', { className: 'muted' }, 'Reading the supergraph…');
  else if (filter.trim() === '')
    results = h(
      'p',
      { className: 'muted' },
      `Subgraphs: ${owners.subgraphs.join(', ')}. Type a type such as Store, or a field such as Store.memberOffer.`,
    );
  else {
    const matches = matchingTypes(owners, filter);
    results =
      matches.length === 0
        ? h('p', { className: 'muted' }, `No type matches "${filter}".`)
        : matches.map(({ type, members }) =>
            h(
              'section',
              { key: type.name, 'data-testid': `owners-${type.name}` },
              h(
                'h3',
                null,
                `${type.name} `,
                h('span', { className: 'muted' }, type.kind.toLowerCase()),
              ),
              h('ul', null, ...contributions(type)),
              members.length > 0
                ? h(
                    'table',
                    { className: 'hutong-owners' },
                    h('tbody', null, ...members.map((member) => memberRow(type, member))),
                  )
                : null,
            ),
          );
  }

  return panel(
    'Field owners',
    h(
      'p',
      { className: 'muted' },
      'Which subgraph defines each type and resolves each field, from the supergraph’s @join__type and @join__field.',
    ),
    h('input', {
      'aria-label': 'Type or field',
      placeholder: 'Store or Store.memberOffer',
      value: filter,
      onChange: (event: { target: { value: string } }) => setFilter(event.target.value),
    }),
    results,
  );
}

// ---------------------------------------------------------------- query plan

type PlanState =
  | { kind: 'empty' }
  | { kind: 'planning' }
  | { kind: 'plan'; plan: string }
  | { kind: 'failed'; message: string };

/** Waits for typing to pause before asking for a plan. */
const PLAN_DELAY_MS = 300;

function QueryPlanPanel({ path }: { path: string }) {
  const [query] = useOperationsEditorState();
  const { queryEditor } = useEditorContext({ nonNull: true });
  const operationName = queryEditor?.operationName ?? null;
  const [state, setState] = useState<PlanState>({ kind: 'empty' });

  useEffect(() => {
    if (query.trim() === '') {
      setState({ kind: 'empty' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ kind: 'planning' });
      postJson(path, { query, operationName }, controller.signal).then(
        (answer) => setState({ kind: 'plan', plan: (answer as { plan: string }).plan }),
        (error: Error) => {
          if (!controller.signal.aborted) setState({ kind: 'failed', message: error.message });
        },
      );
    }, PLAN_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [path, query, operationName]);

  let body: ReactNode;
  switch (state.kind) {
    case 'empty':
      body = h('p', { className: 'muted' }, 'Write an operation to see its plan.');
      break;
    case 'planning':
      body = h('p', { className: 'muted' }, 'Planning…');
      break;
    case 'plan':
      body = h('pre', { 'data-testid': 'query-plan' }, state.plan);
      break;
    case 'failed':
      body = h('pre', { className: 'error' }, state.message);
  }
  return panel(
    'Query plan',
    h(
      'p',
      { className: 'muted' },
      'How the gateway would run the operation in the editor: the fetches to each subgraph, in order.',
    ),
    body,
  );
}

// ---------------------------------------------------------------- plugins

export function operationsPlugin(settings: SandboxSettings): GraphiQLPlugin {
  return { title: 'Operations', icon: PenIcon, content: () => h(OperationsPanel, { settings }) };
}

export function fieldOwnersPlugin(path: string): GraphiQLPlugin {
  return { title: 'Field owners', icon: TypeIcon, content: () => h(FieldOwnersPanel, { path }) };
}

export function queryPlanPlugin(path: string): GraphiQLPlugin {
  return { title: 'Query plan', icon: MergeIcon, content: () => h(QueryPlanPanel, { path }) };
}
