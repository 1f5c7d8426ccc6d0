import path from 'node:path';
import type { Express } from 'express';
import { EXAMPLE_QUERIES } from './example-queries';

/**
 * An offline GraphQL IDE: GraphiQL 4 (the last version with a UMD build) and React 18 served from
 * node_modules, so the page loads nothing from outside this server.
 */
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const ASSETS: Record<string, string> = {
  'react.js': path.join(packageDir('react'), 'umd', 'react.production.min.js'),
  'react-dom.js': path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  'graphiql.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
};

function page(graphqlPath: string): string {
  const tabs = EXAMPLE_QUERIES.map((e) => ({ query: e.query, variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined }));
  // `<` is escaped so the JSON cannot close the script element.
  const config = JSON.stringify({ url: graphqlPath, tabs }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ogi-stats · GraphQL IDE</title>
  <link rel="stylesheet" href="/ide/graphiql.css">
  <style>html, body, #ide { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="ide">Loading the GraphQL IDE…</div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const config = ${config};
    const fetcher = GraphiQL.createFetcher({ url: config.url });
    ReactDOM.createRoot(document.getElementById('ide')).render(
      React.createElement(GraphiQL, { fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}

export function mountIde(app: Express, graphqlPath: string): void {
  const html = page(graphqlPath);
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    app.get(`/ide/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1d' });
    });
  }
}
