/**
 * GraphiQL as the gateway and every subgraph serve it at / in development: the
 * page, its script (bundled from browser/sandbox.ts) and GraphiQL's stylesheet,
 * all from this process and node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { browserBundle, loggingFailure } from './bundle';
import { htmlPage, sendHtml, sendScript } from './page';
import { SETTINGS_ELEMENT_ID, type SandboxSettings } from './settings';

export const SANDBOX_SCRIPT_PATH = '/sandbox/sandbox.js';
export const GRAPHIQL_STYLESHEET_PATH = '/sandbox/graphiql.css';

/** One build per process, whichever service asks first (tests run several in one). */
const sandboxScript = browserBundle(path.join(__dirname, 'browser', 'sandbox.ts'));

let graphiqlStylesheet: string | undefined;
function readGraphiqlStylesheet(): string {
  graphiqlStylesheet ??= fs.readFileSync(require.resolve('graphiql/graphiql.min.css'), 'utf8');
  return graphiqlStylesheet;
}

const STYLE = `html,body,#graphiql{height:100%;margin:0}
.hutong-panel{display:flex;flex-direction:column;gap:.75rem;font-size:.9rem}
.hutong-panel h2{font-size:1.1rem;margin:0}
.hutong-panel h3{font-size:1rem;margin:.5rem 0 .25rem}
.hutong-panel button{cursor:pointer;border:1px solid hsla(var(--color-neutral),.3);border-radius:4px;padding:.25rem .6rem;background:hsla(var(--color-neutral),.07);color:inherit;font:inherit}
.hutong-panel input{font:inherit;padding:.3rem .4rem;border:1px solid hsla(var(--color-neutral),.3);border-radius:4px;background:transparent;color:inherit;width:100%;box-sizing:border-box}
.hutong-panel ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.35rem}
.hutong-panel pre{font-family:var(--font-family-mono);font-size:.78rem;white-space:pre;overflow:auto;margin:0}
.hutong-panel .muted{opacity:.7}
.hutong-panel .error{color:hsl(var(--color-error))}
.hutong-badge{display:inline-block;border-radius:3px;padding:0 .35rem;margin:0 .2rem .1rem 0;background:hsla(var(--color-primary),.15);font-size:.8rem}
.hutong-badge.external{background:hsla(var(--color-neutral),.12)}
.hutong-owners td{vertical-align:top;padding:.15rem .4rem .15rem 0}`;

export function registerGraphiql(
  app: FastifyInstance,
  settings: SandboxSettings,
  log: Logger,
): void {
  const page = htmlPage({
    title: settings.title,
    lang: 'en',
    stylesheets: [GRAPHIQL_STYLESHEET_PATH],
    style: STYLE,
    body: '<div id="graphiql">Loading the sandbox…</div>',
    data: { id: SETTINGS_ELEMENT_ID, value: settings },
    script: SANDBOX_SCRIPT_PATH,
  });
  app.get('/', (_, reply) => sendHtml(reply, page));
  app.get(SANDBOX_SCRIPT_PATH, async (_, reply) =>
    sendScript(reply, await loggingFailure(sandboxScript, log)),
  );
  app.get(GRAPHIQL_STYLESHEET_PATH, (_, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(readGraphiqlStylesheet()),
  );
}
