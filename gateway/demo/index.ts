/**
 * The demo mini-program home page at /demo, in development: what a
 * mini-program built on schema/client/ shows, from ONE request (the persisted
 * MiniProgramHome query, sent by id over GET). Its script is the typed client
 * and browser/home.ts, bundled by esbuild on the first request.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger';
import { browserBundle, loggingFailure } from '../../lib/sandbox/bundle';
import { htmlPage, sendHtml, sendScript } from '../../lib/sandbox/page';
import { DEMO_SETTINGS_ELEMENT_ID, type DemoSettings } from './settings';

export const DEMO_PATH = '/demo';
const DEMO_SCRIPT_PATH = '/demo/home.js';

/** West Lake's Hubin shore: the seed data's stores, topics and offers are around it. */
const WEST_LAKE = { lat: 30.2575, lng: 120.1655 };

const homeScript = browserBundle(path.join(__dirname, 'browser', 'home.ts'));

const STYLE = `*{box-sizing:border-box}
body{margin:0;background:#eef0f3;font:15px/1.45 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;color:#1f2329}
main{max-width:430px;margin:0 auto;min-height:100vh;background:#f7f8fa;padding-bottom:2rem}
header{background:#1677ff;color:#fff;padding:1rem 1rem .9rem}
header h1{margin:0;font-size:1.15rem}
header p{margin:.2rem 0 0;font-size:.82rem;opacity:.9}
section{background:#fff;margin:.75rem .75rem 0;border-radius:10px;padding:.8rem .9rem}
section h2{margin:0 0 .5rem;font-size:1rem}
section h2 small{font-weight:normal;color:#8a8f99;font-size:.8rem;margin-left:.35rem}
ul{list-style:none;margin:0;padding:0}
li+li{border-top:1px solid #f0f1f4}
.topic,.store{padding:.55rem 0}
.title{font-weight:600}
.en,.muted{color:#8a8f99;font-size:.82rem}
.heat{float:right;color:#ff4d4f;font-size:.82rem}
.facts{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.84rem;margin-top:.2rem}
.offer{display:inline-block;margin-top:.3rem;padding:.05rem .4rem;border-radius:4px;background:#fff4e5;color:#d46b08;font-size:.82rem}
.products{font-size:.82rem;color:#4e5969;margin-top:.2rem}
.card{background:linear-gradient(135deg,#2b2f3a,#4b5160);color:#f5e7c6}
.card .muted{color:#c9bfa6}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.4rem 0 0}
.card dt{color:#c9bfa6;font-size:.84rem}.card dd{margin:0}
.degraded{border:1px dashed #f0a020;background:#fffaf0;color:#8a5a00}
.notice{margin:.75rem .75rem 0;padding:.5rem .75rem;border-radius:8px;background:#fffaf0;color:#8a5a00;font-size:.84rem}
.failed{margin:.75rem;padding:1rem;border-radius:10px;background:#fff1f0;color:#a8071a}
button{font:inherit;margin-top:.5rem}`;

export interface DemoOptions {
  graphqlPath: string;
  tokenPath: string;
  log: Logger;
}

export function registerDemo(app: FastifyInstance, options: DemoOptions): void {
  const settings: DemoSettings = {
    graphqlPath: options.graphqlPath,
    tokenPath: options.tokenPath,
    point: WEST_LAKE,
  };
  const page = htmlPage({
    title: 'Hutong 小程序首页 · Mini-program home',
    lang: 'zh-CN',
    stylesheets: [],
    style: STYLE,
    body: '<main id="app" data-status="loading"><header><h1>Hutong 生活</h1><p>加载中… Loading…</p></header></main>',
    data: { id: DEMO_SETTINGS_ELEMENT_ID, value: settings },
    script: DEMO_SCRIPT_PATH,
  });
  app.get(DEMO_PATH, (_, reply) => sendHtml(reply, page));
  app.get(DEMO_SCRIPT_PATH, async (_, reply) =>
    sendScript(reply, await loggingFailure(homeScript, options.log)),
  );
}
