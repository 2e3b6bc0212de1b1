/**
 * A self-contained page for GET / so that a browser pointed at the gateway
 * learns where to send queries; it loads nothing from the network.
 */
export function landingPage(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hutong gateway</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}
code,pre{background:#f4f4f4;border-radius:4px;padding:.1rem .3rem}pre{padding:1rem;overflow:auto}</style></head>
<body>
<h1>Hutong gateway</h1>
<p>One GraphQL graph over the wallet, maps, food, commerce and social subgraphs.</p>
<p>Send GraphQL over HTTP to <code>${graphqlPath}</code>, for example:</p>
<pre>curl -s http://localhost:4000${graphqlPath} \\
  -H 'content-type: application/json' \\
  -d '{"query":"{ trendingTopics(first: 3) { title heat } }"}'</pre>
<p>Health: <a href="/health">/health</a></p>
</body></html>`;
}
