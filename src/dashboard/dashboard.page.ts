import path from 'node:path';
import type { Express } from 'express';
import { PROJECT_ROOT } from '../paths';

/**
 * The dashboard at `/dashboard`: a static page whose script asks the public GraphQL API (POST
 * /graphql, same origin) and links to the CSV exports, like any other client. Everything it loads is
 * served from here: uPlot (MIT) from node_modules, its own script and styles from src/dashboard/public.
 */
export const DASHBOARD_PATH = '/dashboard';

const PUBLIC_DIR = path.join(PROJECT_ROOT, 'src', 'dashboard', 'public');
const uplotDir = path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');

const ASSETS: Record<string, string> = {
  'uplot.js': path.join(uplotDir, 'uPlot.iife.min.js'),
  'uplot.css': path.join(uplotDir, 'uPlot.min.css'),
  'dashboard.js': path.join(PUBLIC_DIR, 'dashboard.js'),
  'dashboard.css': path.join(PUBLIC_DIR, 'dashboard.css'),
};

/**
 * The browser enforces what the page may load: scripts, styles and requests from this server only (so
 * "offline" holds even for a bug in the script), inline style attributes (bar widths, colours) allowed.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(graphqlPath: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ogi-stats · 仪表板 Dashboard</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${DASHBOARD_PATH}/assets/uplot.css">
  <link rel="stylesheet" href="${DASHBOARD_PATH}/assets/dashboard.css">
</head>
<body>
  <header class="top">
    <h1>政府信息公开年报 · 仪表板 <small>ogi-stats dashboard</small></h1>
    <nav><a id="ide-link" href="/">GraphQL IDE</a></nav>
  </header>
  <main id="app" data-state="loading" data-graphql="${escapeAttribute(graphqlPath)}">
    <section class="controls" aria-label="选择 Choose">
      <div class="control" id="jurisdiction-picker">
        <label for="jurisdiction-search">地区 Jurisdiction</label>
        <input id="jurisdiction-search" type="search" placeholder="按名称搜索，如 平潭、福州、深圳" autocomplete="off">
        <ul id="jurisdiction-results" class="results" aria-label="搜索结果 Search results"></ul>
        <nav id="breadcrumb" aria-label="上级 Ancestors"></nav>
        <div id="children" aria-label="下级 Children"></div>
      </div>
      <div class="control" id="indicator-picker">
        <label for="indicator-search">指标 Indicators</label>
        <div id="indicator-chips" class="chips"></div>
        <input id="indicator-search" type="search" placeholder="按中文名称搜索，如 新收、公开率" autocomplete="off">
        <ul id="indicator-results" class="results" aria-label="指标 Indicators found"></ul>
      </div>
      <div class="control" id="year-picker">
        <label>年份 Years</label>
        <span><select id="year-from" aria-label="从 From"></select> – <select id="year-to" aria-label="到 To"></select></span>
      </div>
    </section>
    <p id="status" role="status"></p>
    <section class="view" id="series-view" aria-labelledby="series-title">
      <h2 id="series-title">时间序列 Time series</h2>
      <p class="hint">本级报告 OWN、汇总报告 REPORTED、下级合计 ROLLUP、最佳可得 BEST。缺失画作空缺（悬停看原因），从不画作 0。点击某一年或表格单元格查看来源。</p>
      <div id="series"></div>
      <p class="downloads" id="series-downloads"></p>
    </section>
    <section class="view" id="ranking-view" aria-labelledby="ranking-title">
      <h2 id="ranking-title">排名 Ranking</h2>
      <div class="view-controls">
        <label>指标 <select id="ranking-indicator"></select></label>
        <label>年份 <select id="ranking-year"></select></label>
        <label>对象 <select id="ranking-among"><option value="children">下级地区 children</option><option value="organs">本级机关 organs</option></select></label>
        <label>口径 <select id="ranking-measure"><option value="BEST">BEST</option><option value="ROLLUP">ROLLUP</option><option value="OWN">OWN</option><option value="REPORTED">REPORTED</option></select></label>
      </div>
      <div id="ranking"></div>
      <p class="downloads" id="ranking-downloads"></p>
    </section>
    <section class="view" id="coverage-view" aria-labelledby="coverage-title">
      <h2 id="coverage-title">覆盖 Coverage</h2>
      <p class="hint">每格：覆盖它的报告种类 — <span class="kind kind-SUMMARY">汇总 SUMMARY</span> <span class="kind kind-OWN">本级 OWN</span> <span class="kind kind-DEPARTMENTS_ONLY">仅部门 departments only</span> <span class="kind kind-NONE">无 none</span>；✓ 排名指标的核对关系通过，✗ 未通过或有缺失部分；n/m：其下 m 个地区中 n 个有 BEST 覆盖。</p>
      <div id="coverage"></div>
      <p class="downloads" id="coverage-downloads"></p>
    </section>
    <aside class="view" id="provenance" aria-labelledby="provenance-title" hidden>
      <h2 id="provenance-title">来源 Provenance</h2>
      <button type="button" id="provenance-close" aria-label="关闭 Close">×</button>
      <div id="provenance-body"></div>
    </aside>
  </main>
  <script src="${DASHBOARD_PATH}/assets/uplot.js"></script>
  <script src="${DASHBOARD_PATH}/assets/dashboard.js"></script>
</body>
</html>`;
}

export function mountDashboard(app: Express, graphqlPath: string): void {
  const html = page(graphqlPath);
  app.get(DASHBOARD_PATH, (_req, res) => {
    res.type('html').set('content-security-policy', CONTENT_SECURITY_POLICY).send(html);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    app.get(`${DASHBOARD_PATH}/assets/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1h' });
    });
  }
}
