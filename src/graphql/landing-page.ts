/**
 * What `/graphql` shows in a browser when the sandbox is off (GRAPHQL_PLAYGROUND=false, the default):
 * a plain page saying how to query the endpoint. Apollo's own production landing page loads scripts from
 * Apollo's CDN, which the Content-Security-Policy refuses (console errors, a blank page). No script, no
 * style, nothing fetched.
 */
const HTML = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>GraphQL — Outsourcing CMS</title></head>
<body>
<h1>GraphQL</h1>
<p lang="fr">Ce point d’accès répond aux requêtes GraphQL envoyées en <code>POST</code> avec un corps JSON
<code>{"query": "…", "variables": {…}}</code> et l’en-tête <code>Content-Type: application/json</code>.</p>
<p lang="en">This endpoint answers GraphQL requests sent as <code>POST</code> with a JSON body
<code>{"query": "…", "variables": {…}}</code> and the header <code>Content-Type: application/json</code>.</p>
<pre>curl -s http://localhost:1337/graphql -H 'Content-Type: application/json' \\
  -d '{"query":"{ outsourcingCategories(locale: \\"fr\\") { code name summary } }"}'</pre>
<p>GET: <code>/graphql?query=…</code> with the header <code>apollo-require-preflight: true</code>.
The interactive sandbox runs locally with <code>GRAPHQL_PLAYGROUND=true</code>. See the README, “For frontend developers”.</p>
</body>
</html>
`;

/** An Apollo Server plugin that renders the page above as the landing page. */
export const plainLandingPage = {
  serverWillStart() {
    return Promise.resolve({
      renderLandingPage() {
        return Promise.resolve({ html: HTML });
      },
    });
  },
};

/** The GraphQL plugin's `landingPage` setting: Apollo's local sandbox when asked for, else the plain page. */
export const graphqlLandingPage = (sandbox: boolean): true | (() => typeof plainLandingPage) =>
  sandbox ? true : () => plainLandingPage;
