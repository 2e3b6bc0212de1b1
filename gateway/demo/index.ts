/**
 * The demo mini-program at /demo, in development: what a mini-program built
 * on schema/client/ shows, page by page (home, a store, checkout, order
 * status, orders, coupons, favorites, membership and wallet, the feed, a
 * brand), each from the persisted operations of its screen. One HTML page;
 * the script (browser/main.ts and the typed client, bundled by esbuild on the
 * first request) routes by the URL's hash.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger';
import { browserBundle, loggingFailure } from '../../lib/sandbox/bundle';
import { htmlPage, sendHtml, sendScript } from '../../lib/sandbox/page';
import { DEMO_SETTINGS_ELEMENT_ID, type DemoSettings } from './settings';

export const DEMO_PATH = '/demo';
const DEMO_SCRIPT_PATH = '/demo/app.js';

/** West Lake's Hubin shore: the seed data's stores, topics and offers are around it. */
const WEST_LAKE = { lat: 30.2575, lng: 120.1655 };
const CITY = 'hangzhou';
/** The seed's claimable campaigns near the lake: a weekly one, and one the demo user already holds. */
const PROMOTED_CAMPAIGNS = [
  'camp-luckin-weekly-5',
  'camp-kfc-thursday-10',
  'camp-home-cleaning-30',
];

const appScript = browserBundle(path.join(__dirname, 'browser', 'main.ts'));

const STYLE = `*{box-sizing:border-box}
body{margin:0;background:#eef0f3;font:15px/1.45 -apple-system,"PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",system-ui,sans-serif;color:#1f2329}
main{max-width:430px;margin:0 auto;min-height:100vh;background:#f7f8fa;display:flex;flex-direction:column}
.content{flex:1;padding-bottom:1rem}
header{background:#1677ff;color:#fff;padding:1rem 1rem .9rem;position:relative}
header h1{margin:0;font-size:1.15rem}
header p{margin:.2rem 0 0;font-size:.82rem;opacity:.9}
header .back{float:left;margin:-.2rem .6rem 0 -.4rem;background:none;border:0;color:#fff;font-size:1.6rem;line-height:1;padding:0 .3rem}
a{color:#1677ff;text-decoration:none}
section{background:#fff;margin:.75rem .75rem 0;border-radius:10px;padding:.8rem .9rem}
section h2{margin:0 0 .5rem;font-size:1rem}
section h2 small{font-weight:normal;color:#8a8f99;font-size:.8rem;margin-left:.35rem}
ul{list-style:none;margin:0;padding:0}
li+li{border-top:1px solid #f0f1f4}
.topic,.store,.item,.light,.post,.coupon,.banner{padding:.55rem 0}
.item{display:flex;justify-content:space-between;align-items:center;gap:.5rem}
.item>:first-child{min-width:0}
.right{text-align:right}
.title{font-weight:600}
a.title{display:block;color:inherit}
.en,.muted{color:#8a8f99;font-size:.82rem}
.heat{float:right;color:#ff4d4f;font-size:.82rem}
.facts{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.84rem;margin-top:.2rem}
.fact{display:flex;justify-content:space-between;gap:.75rem;font-size:.86rem;padding:.12rem 0}
.fact .label{color:#8a8f99}
.offer{display:inline-block;margin-top:.3rem;padding:.05rem .4rem;border-radius:4px;background:#fff4e5;color:#d46b08;font-size:.82rem}
.gift{color:#cf1322;font-size:.82rem;margin-top:.2rem}
.products{font-size:.82rem;color:#4e5969;margin-top:.2rem}
.price{color:#ff4d4f}
.big{font-size:1.6rem;font-weight:600;margin:.2rem 0 .4rem}
.status{font-size:1.25rem;font-weight:600;color:#1677ff}
.step{display:flex;justify-content:space-between;font-size:.86rem;padding:.3rem 0}
.card{background:linear-gradient(135deg,#2b2f3a,#4b5160);color:#f5e7c6}
.card .muted,.card small{color:#c9bfa6}
.card a{color:#f5e7c6}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.4rem 0 0}
.card dt{color:#c9bfa6;font-size:.84rem}.card dd{margin:0}
.go{display:inline-block;margin-top:.4rem;font-size:.86rem}
.degraded{border:1px dashed #f0a020;background:#fffaf0;color:#8a5a00}
.notice{margin:.75rem .75rem 0;padding:.5rem .75rem;border-radius:8px;background:#fffaf0;color:#8a5a00;font-size:.84rem}
.failed{margin:.75rem;padding:1rem;border-radius:10px;background:#fff1f0;color:#a8071a}
.refusal,.success{margin:.6rem 0;padding:.6rem .75rem;border-radius:8px;font-size:.88rem}
.content .refusal,.content .success{margin:.75rem .75rem 0}
.content section .refusal,.content section .success,.content .step-block .refusal,.content .step-block .success{margin:.6rem 0 0}
.step-block{margin:.75rem .75rem 0}
.refusal{background:#fff1f0;color:#a8071a;border:1px solid #ffccc7}
.refusal p{margin:.3rem 0 0}
.advice+.advice{margin-top:.5rem}
.success{background:#f6ffed;color:#237804;border:1px solid #b7eb8f}
.shortcuts{display:flex;gap:.5rem;margin:.75rem .75rem 0}
.shortcuts a{flex:1;background:#fff;border-radius:10px;padding:.6rem;text-align:center;color:#1f2329}
.shortcuts small{display:block;color:#8a8f99;font-size:.75rem}
button{font:inherit;white-space:nowrap;padding:.35rem .8rem;border-radius:16px;border:1px solid #d0d3d9;background:#fff;color:#1f2329;cursor:pointer}
button:disabled{opacity:.5}
.primary{display:inline-block;background:#1677ff;border-color:#1677ff;color:#fff;padding:.45rem 1rem;border-radius:18px;margin-top:.6rem}
a.primary.disabled{background:#bcd5fb;border-color:#bcd5fb;pointer-events:none}
.actions{margin:.75rem .75rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.actions>div{flex-basis:100%}
.content>button{margin:.75rem}
.content>p{margin:.75rem}
.stepper{display:flex;align-items:center;gap:.4rem}
.stepper button{width:1.9rem;height:1.9rem;padding:0;border-radius:50%}
.count{min-width:1.2rem;text-align:center}
.cart{display:flex;align-items:center;gap:.4rem;margin-top:.5rem;border-top:1px solid #f0f1f4;padding-top:.5rem}
.cart .primary{margin:0 0 0 auto}
.choices{display:grid;gap:.35rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;padding:.35rem;border:1px solid #f0f1f4;border-radius:8px}
.coupon{display:flex;gap:.75rem;align-items:center}
.coupon .amount{min-width:4.5rem;color:#ff4d4f;font-weight:600;font-size:1.1rem}
.coupon .amount small{display:block;font-weight:normal;font-size:.72rem;color:#8a8f99}
.coupon.used,.coupon.expired{opacity:.55}
.tabbar{position:sticky;bottom:0;display:flex;background:#fff;border-top:1px solid #e5e6eb;z-index:1}
.tabbar a{flex:1;text-align:center;padding:.45rem 0 .5rem;color:#4e5969;font-size:.86rem;line-height:1.25}
.tabbar a small{display:block;font-size:.66rem;color:#8a8f99}
.tabbar a[aria-current="page"]{color:#1677ff}
.tabbar a[aria-current="page"] small{color:#1677ff}`;

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
    city: CITY,
    campaignIds: PROMOTED_CAMPAIGNS,
  };
  const page = htmlPage({
    title: 'Hutong 生活 · Mini-program demo',
    lang: 'zh-CN',
    stylesheets: [],
    style: STYLE,
    body: '<main id="app" data-status="loading"><header><h1>Hutong 生活</h1><p>加载中… Loading…</p></header></main>',
    data: { id: DEMO_SETTINGS_ELEMENT_ID, value: settings },
    script: DEMO_SCRIPT_PATH,
  });
  app.get(DEMO_PATH, (_, reply) => sendHtml(reply, page));
  app.get(DEMO_SCRIPT_PATH, async (_, reply) =>
    sendScript(reply, await loggingFailure(appScript, options.log)),
  );
}
