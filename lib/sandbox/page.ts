/**
 * The HTML shell of the developer pages and the headers they are served with.
 * Its Content-Security-Policy allows this origin only: the page cannot load a
 * script, style, font or image from anywhere else, nor send a request there,
 * so "nothing from a CDN" is enforced by the browser, not just intended.
 */
import type { FastifyReply } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline styles from script.
  "style-src 'self' 'unsafe-inline'",
  // GraphiQL's fonts are inlined in its stylesheet.
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}

export interface PageParts {
  title: string;
  lang: string;
  stylesheets: string[];
  style: string;
  body: string;
  /** Read by the page's script from a non-executable JSON element. */
  data?: { id: string; value: unknown };
  script: string;
}

export function htmlPage(parts: PageParts): string {
  const data = parts.data
    ? `<script type="application/json" id="${parts.data.id}">${scriptJson(parts.data.value)}</script>\n`
    : '';
  return `<!doctype html>
<html lang="${parts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
<style>${parts.style}</style>
</head>
<body>
${parts.body}
${data}<script src="${parts.script}" defer></script>
</body>
</html>
`;
}

export function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('cache-control', 'no-store')
    .send(html);
}

export function sendScript(reply: FastifyReply, script: string): FastifyReply {
  return reply
    .type('text/javascript; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(script);
}
