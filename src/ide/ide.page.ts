import path from 'node:path';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { EXAMPLE_QUERIES } from './example-queries';
import { IDE_CSV_PATH, mountIdeExport } from './ide-export';

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
  const config = JSON.stringify({ url: graphqlPath, tabs, csv: IDE_CSV_PATH }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ogi-stats · GraphQL IDE</title>
  <link rel="stylesheet" href="/ide/graphiql.css">
  <style>
    html, body, #ide { height: 100%; margin: 0; }
    .graphiql-logo a { color: inherit; font-size: 14px; }
    #ide-message { position: fixed; right: 16px; bottom: 16px; z-index: 100; max-width: 480px; padding: 8px 12px; border-radius: 6px; background: #fff3f3; color: #8a1c1c; border: 1px solid #e5b8b8; font: 13px system-ui, sans-serif; }
    #ide-message:empty { display: none; }
  </style>
</head>
<body>
  <div id="ide">Loading the GraphQL IDE…</div>
  <div id="ide-message" role="status"></div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const config = ${config};
    const fetcher = GraphiQL.createFetcher({ url: config.url });
    const h = React.createElement;
    // The variables of the active tab, for "download as CSV" (the query is read from its editor).
    let variables = config.tabs[0] && config.tabs[0].variables || '';
    const message = (text) => { document.getElementById('ide-message').textContent = text; };
    async function downloadCsv() {
      message('');
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror');
      const codeMirror = editor && editor.CodeMirror;
      if (!codeMirror) return;
      try {
        const response = await fetch(config.csv, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: codeMirror.getValue(), variables, operationName: codeMirror.operationName || null }),
        });
        const body = await response.json();
        if (!response.ok) throw new Error(body.errors ? body.errors.map((e) => e.message).join('; ') : response.statusText);
        const link = document.createElement('a');
        link.href = body.url;
        link.download = '';
        link.id = 'ide-csv-link';
        document.body.append(link);
        link.click();
        link.remove();
      } catch (error) {
        message('CSV: ' + error.message);
      }
    }
    const csvButton = h('button', { type: 'button', className: 'graphiql-un-styled graphiql-toolbar-button', id: 'ide-csv', title: 'Download a cells or matrix query as CSV (/export/cells.csv)', 'aria-label': 'Download as CSV', onClick: downloadCsv }, 'CSV');
    ReactDOM.createRoot(document.getElementById('ide')).render(
      h(
        GraphiQL,
        {
          fetcher,
          defaultTabs: config.tabs,
          defaultEditorToolsVisibility: true,
          onEditVariables: (value) => { variables = value; },
          onTabChange: (tabs) => { const tab = tabs.tabs[tabs.activeTabIndex]; variables = tab && tab.variables || ''; },
        },
        h(GraphiQL.Logo, null, h('a', { href: '/dashboard', id: 'dashboard-link', title: 'Charts of the same API' }, '仪表板 Dashboard')),
        h(GraphiQL.Toolbar, null, ({ prettify, copy, merge }) => h(React.Fragment, null, prettify, merge, copy, csvButton)),
      ),
    );
  </script>
</body>
</html>`;
}

export function mountIde(app: Express, graphqlPath: string, schema: GraphQLSchema): void {
  const html = page(graphqlPath);
  mountIdeExport(app, schema);
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    app.get(`/ide/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1d' });
    });
  }
}
