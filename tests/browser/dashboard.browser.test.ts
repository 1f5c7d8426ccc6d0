import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureBundledReports } from '../../src/ingestion/bundled-reports.loader';
import { PROJECT_ROOT } from '../../src/paths';
import { describeBrowser, useBrowser } from '../support/browser-tier';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * The browser tier: the dashboard at `/dashboard` on the bundled real data, driven like a person
 * would (search, drill down, pick indicators and years), in headless Chromium with every request
 * that leaves loopback aborted. The values each chart draws are read from the table beside it
 * (`data-value`, `data-status`) and compared with the API's answer, read here independently through
 * Apollo. Screenshots of each view go to .data/screenshots/ (CI artifacts, looked at by a person).
 */
const TIMEOUT = 60000;
jest.setTimeout(5 * TIMEOUT);

const SCREENSHOTS = path.join(PROJECT_ROOT, '.data', 'screenshots');
const MEASURES = ['OWN', 'REPORTED', 'ROLLUP', 'BEST'] as const;
const PINGTAN = '350128';
const FUZHOU = '350100';

interface ApiCell {
  indicator: { code: string };
  year: number;
  value: number | null;
  status: string;
  reason: string | null;
}

describeBrowser('the dashboard in Chromium', () => {
  let server: HttpTestServer;
  const tier = useBrowser(
    async () => {
      server = await startHttpServer('sqlite', async (dataSource) => {
        await ensureBundledReports(dataSource);
      });
      mkdirSync(SCREENSHOTS, { recursive: true });
    },
    async () => server?.close(),
  );

  /** Waits until the page has finished a render after the one it had shown before `action`. */
  async function rendered(page: Page, action: () => Promise<unknown>): Promise<void> {
    const before = Number((await page.getAttribute('#app', 'data-render')) ?? 0);
    await action();
    await page.waitForFunction(
      (n) => {
        const app = document.getElementById('app');
        return app?.dataset.state === 'ready' && Number(app.dataset.render) > n;
      },
      before,
      { timeout: TIMEOUT },
    );
  }

  /** The time series table of one indicator: measure → year → what the page drew. */
  async function seriesTable(page: Page, indicator: string) {
    return page.$$eval(`table.values[data-indicator="${indicator}"] td[data-measure]`, (tds) =>
      tds.map((td) => ({
        measure: td.getAttribute('data-measure'),
        year: Number(td.getAttribute('data-year')),
        status: td.getAttribute('data-status'),
        value: td.hasAttribute('data-value') ? Number(td.getAttribute('data-value')) : null,
        title: td.getAttribute('title'),
      })),
    );
  }

  async function apiSeries(code: string, indicators: string[], from: number, to: number): Promise<Record<string, ApiCell[]>> {
    const fields = MEASURES.map(
      (m) =>
        `${m}: cells(jurisdictions: { codes: ["${code}"] }, indicators: $indicators, years: { from: ${from}, to: ${to} }, measure: ${m}) { indicator { code } year value status reason }`,
    ).join('\n');
    return server.api.execute<Record<string, ApiCell[]>>(`query($indicators: [ID!]!) { ${fields} }`, { indicators });
  }

  it("shows 平潭's series, its organs' ranking, coverage and provenance, offline, the values drawn being the API's", async () => {
    const { page } = tier.browser;
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const response = await page.goto(`${server.url}/dashboard?j=350000`, { waitUntil: 'load', timeout: TIMEOUT });
    expect(response?.status()).toBe(200);
    // The browser itself keeps the page on this server: scripts, styles and requests from 'self' only.
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await page.waitForSelector('#app[data-state=ready]', { timeout: TIMEOUT });
    expect(await page.getAttribute('#current-jurisdiction', 'data-code')).toBe('350000');

    // Search by name, then drill down through the children.
    await page.fill('#jurisdiction-search', '福州');
    await rendered(page, () => page.click(`#jurisdiction-results button[data-code="${FUZHOU}"]`));
    expect(await page.getAttribute('#current-jurisdiction', 'data-code')).toBe(FUZHOU);
    await rendered(page, () => page.click(`#children button[data-code="${PINGTAN}"]`));
    expect(await page.innerText('#current-jurisdiction')).toContain('平潭县');
    expect(await page.$$eval('#breadcrumb .crumb', (b) => b.map((x) => x.textContent))).toEqual(['福建省', '福州市']);

    // Indicators by Chinese label: add the disclosure rate to the default (applications received).
    await page.fill('#indicator-search', '公开率');
    await rendered(page, () => page.click('#indicator-results button[data-code="derived.disclosure_rate"]'));
    const indicators = ['applications.new.total', 'derived.disclosure_rate'];
    expect(await page.$$eval('#indicator-chips .chip', (c) => c.map((x) => x.getAttribute('data-code')))).toEqual(indicators);
    // Years: the bundled data reaches 2025; back to 2019–2024.
    await rendered(page, () => page.selectOption('#year-to', '2025'));
    expect(await page.$$eval('table.values[data-indicator="applications.new.total"] tbody tr', (trs) => trs.length)).toBe(7);
    await rendered(page, () => page.selectOption('#year-to', '2024'));

    // The time series: every measure × year drawn is the API's cell; gaps are gaps with their reason.
    const api = await apiSeries(PINGTAN, indicators, 2019, 2024);
    for (const indicator of indicators) {
      const drawn = await seriesTable(page, indicator);
      expect(drawn).toHaveLength(4 * 6);
      for (const measure of MEASURES) {
        for (const cell of api[measure].filter((c) => c.indicator.code === indicator)) {
          const shown = drawn.find((d) => d.measure === measure && d.year === cell.year)!;
          expect({ measure, year: cell.year, status: shown.status, value: shown.value }).toEqual({
            measure,
            year: cell.year,
            status: cell.status,
            value: cell.status === 'VALUE' ? cell.value : null,
          });
          if (cell.status !== 'VALUE') expect(shown.title).toBe(cell.reason);
        }
      }
    }
    // The README's figures: BEST 23, 21, 70, 74, 69, 218; REPORTED missing in 2020 and 2023.
    const applications = await seriesTable(page, 'applications.new.total');
    expect(applications.filter((d) => d.measure === 'BEST').map((d) => d.value)).toEqual([23, 21, 70, 74, 69, 218]);
    expect(applications.filter((d) => d.measure === 'REPORTED').map((d) => d.value)).toEqual([23, null, 70, 74, null, 218]);

    // Hovering 2020 on the chart tells why REPORTED has no point there (not a zero).
    const over = page.locator('.series-chart[data-indicator="applications.new.total"] .u-over');
    const box = (await over.boundingBox())!;
    await over.hover({ position: { x: box.width / 5, y: box.height / 2 } });
    const tooltip = page.locator('.series-chart[data-indicator="applications.new.total"] .tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: TIMEOUT });
    const reported2020 = api.REPORTED.find((c) => c.indicator.code === 'applications.new.total' && c.year === 2020)!;
    expect(await tooltip.innerText()).toContain('2020');
    expect(await tooltip.locator('[data-measure=REPORTED]').innerText()).toContain(reported2020.reason!);
    await page.locator('#series-view').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-series.png') });
    await page.mouse.move(0, 0);

    // The ranking: 平潭 has no jurisdictions below, so its organs, each by its own report.
    expect(
      await page.$eval('.ranking-table', (t) => [
        t.getAttribute('data-among'),
        t.getAttribute('data-measure'),
        t.getAttribute('data-year'),
      ]),
    ).toEqual(['organs', 'OWN', '2024']);
    const ranking = async (year: number) =>
      (
        await server.api.execute<{
          ranking: {
            entries: { rank: number; value: number; cell: { organ: { id: string; name: string } } }[];
            unranked: { status: string; cell: { organ: { name: string } } }[];
          };
        }>(
          `{ ranking(indicator: "applications.new.total", year: ${year}, among: { organsOf: "${PINGTAN}" }, measure: OWN, first: 100) { entries { rank value cell { organ { id name } } } unranked { status cell { organ { name } } } } }`,
        )
      ).ranking;
    const rows = () =>
      page.$$eval('.ranking-table tbody:not(.unranked-rows) tr', (trs) =>
        trs.map((tr) => ({
          name: tr.getAttribute('data-name'),
          rank: Number(tr.getAttribute('data-rank')),
          value: Number(tr.getAttribute('data-value')),
        })),
      );
    const ranked2024 = await ranking(2024);
    expect(await rows()).toEqual(ranked2024.entries.map((e) => ({ name: e.cell.organ.name, rank: e.rank, value: e.value })));
    expect(ranked2024.entries).toHaveLength(17);
    await page.locator('#ranking-view').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-ranking-organs.png') });
    // 2023: 公安局 did not report; it is listed apart, with its status.
    await rendered(page, () => page.selectOption('#ranking-year', '2023'));
    const ranked2023 = await ranking(2023);
    expect(await rows()).toEqual(ranked2023.entries.map((e) => ({ name: e.cell.organ.name, rank: e.rank, value: e.value })));
    expect(
      await page.$$eval('.ranking-table tr.unranked', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-name'), tr.getAttribute('data-status')]),
      ),
    ).toEqual(ranked2023.unranked.map((u) => [u.cell.organ.name, u.status]));
    expect(ranked2023.unranked.map((u) => u.cell.organ.name)).toContain('平潭综合实验区公安局');

    // The coverage grid: the area's own reports by kind, then each organ's OWN report or none.
    const grid = await page.$$eval('.coverage-grid tbody tr', (trs) =>
      trs.map((tr) => ({
        name: tr.getAttribute('data-name'),
        organ: tr.getAttribute('data-organ'),
        kinds: [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-kind')),
      })),
    );
    const coverage = await server.api.execute<{
      jurisdiction: { availability: { year: number; governmentOwn: number; summary: number }[] };
      cells: { organ: { id: string }; year: number; quality: { reports: number } }[];
    }>(
      `{ jurisdiction(code: "${PINGTAN}") { availability(years: { from: 2019, to: 2024 }) { year governmentOwn summary } }
         cells(jurisdictions: { organsOf: "${PINGTAN}" }, indicators: ["applications.new.total"], years: { from: 2019, to: 2024 }, measure: OWN) { organ { id } year quality { reports } } }`,
    );
    expect(grid[0].kinds).toEqual(
      coverage.jurisdiction.availability.map((a) => (a.summary > 0 ? 'SUMMARY' : a.governmentOwn > 0 ? 'OWN' : 'NONE')),
    );
    expect(grid[0].kinds).toEqual(['SUMMARY', 'OWN', 'SUMMARY', 'SUMMARY', 'OWN', 'SUMMARY']);
    const organIds = [...new Set(coverage.cells.map((c) => c.organ.id))];
    expect(grid.slice(1).map((r) => r.organ)).toEqual(organIds);
    for (const row of grid.slice(1)) {
      const expected = [2019, 2020, 2021, 2022, 2023, 2024].map((y) =>
        coverage.cells.find((c) => c.organ.id === row.organ && c.year === y)!.quality.reports > 0 ? 'OWN' : 'NONE',
      );
      expect(row.kinds).toEqual(expected);
    }
    expect(grid.find((r) => r.name === '平潭综合实验区公安局')!.kinds[4]).toBe('NONE');
    await page.locator('#coverage-view').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-coverage-organs.png') });

    // Provenance: BEST 2024 of applications received → the summary report and its source URL.
    await page.click('table.values[data-indicator="applications.new.total"] td[data-measure=BEST][data-year="2024"] button');
    await page.waitForSelector('#provenance[data-state=ready]', { timeout: TIMEOUT });
    const sources = await server.api.execute<{ cells: { value: number; sources: { id: string; sourceUrl: string | null }[] }[] }>(
      `{ cells(jurisdictions: { codes: ["${PINGTAN}"] }, indicators: ["applications.new.total"], years: { from: 2024, to: 2024 }, measure: BEST) { value sources { id sourceUrl } } }`,
    );
    const article = page.locator('#provenance .provenance-cell[data-measure=BEST]');
    expect(await article.getAttribute('data-value')).toBe(String(sources.cells[0].value));
    expect(
      await article
        .locator('.sources li')
        .evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-report'), li.getAttribute('data-source-url')])),
    ).toEqual(sources.cells[0].sources.map((s) => [s.id, s.sourceUrl]));
    expect(sources.cells[0].sources.length).toBeGreaterThan(0);
    await page.locator('#provenance').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-provenance.png') });

    // CSV of what is on screen: the series' BEST link answers the same values.
    const href = (await page.getAttribute('#series-downloads a[data-measure=BEST]', 'href'))!;
    expect(href.startsWith('/export/cells.csv?')).toBe(true);
    const csv = await (await fetch(`${server.url}${href}`)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines.length).toBe(1 + 2 * 6);
    expect(lines.filter((l) => l.includes('applications.new.total')).map((l) => l.split(',')).length).toBe(6);
    for (const value of [23, 21, 70, 74, 69, 218]) expect(csv).toMatch(new RegExp(`,BEST,${value},VALUE,`));

    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-pingtan.png'), fullPage: true });

    // The URL holds the state: opening it again shows the same view.
    const shared = page.url();
    expect(new URL(shared).searchParams.get('j')).toBe(PINGTAN);
    expect(new URL(shared).searchParams.get('i')).toBe(indicators.join(','));
    expect(new URL(shared).searchParams.get('ry')).toBe('2023');
    const before = await seriesTable(page, 'derived.disclosure_rate');
    const second = await tier.browser.context.newPage();
    try {
      await second.goto(shared, { waitUntil: 'load', timeout: TIMEOUT });
      await second.waitForSelector('#app[data-state=ready]', { timeout: TIMEOUT });
      expect(await seriesTable(second, 'derived.disclosure_rate')).toEqual(before);
      expect(await second.$eval('.ranking-table', (t) => t.getAttribute('data-year'))).toBe('2023');
    } finally {
      await second.close();
    }

    expect(consoleErrors).toEqual([]);
    expect(tier.browser.pageErrors).toEqual([]);
    expect(tier.browser.blockedRequests).toEqual([]);
  });

  it("ranks 福州's children by their best-available totals, incomplete coverage marked, and colours their coverage", async () => {
    const { page } = tier.browser;
    await page.goto(`${server.url}/dashboard?j=${FUZHOU}&i=applications.new.total&from=2019&to=2024&ry=2022`, {
      waitUntil: 'load',
      timeout: TIMEOUT,
    });
    await page.waitForSelector('#app[data-state=ready]', { timeout: TIMEOUT });
    expect(await page.$eval('.ranking-table', (t) => [t.getAttribute('data-among'), t.getAttribute('data-measure')])).toEqual([
      'children',
      'BEST',
    ]);
    const api = await server.api.execute<{
      ranking: {
        entries: { rank: number; value: number; cell: { jurisdiction: { code: string }; coverage: { complete: boolean } } }[];
        unranked: { status: string; cell: { jurisdiction: { code: string } } }[];
      };
    }>(
      `{ ranking(indicator: "applications.new.total", year: 2022, among: { childrenOf: "${FUZHOU}" }, measure: BEST, first: 100) { entries { rank value cell { jurisdiction { code } coverage { complete } } } unranked { status cell { jurisdiction { code } } } } }`,
    );
    const entries = await page.$$eval('.ranking-table tbody:not(.unranked-rows) tr', (trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-code'),
        rank: Number(tr.getAttribute('data-rank')),
        value: Number(tr.getAttribute('data-value')),
        complete: tr.getAttribute('data-complete') === 'true',
      })),
    );
    expect(entries).toEqual(
      api.ranking.entries.map((e) => ({
        code: e.cell.jurisdiction.code,
        rank: e.rank,
        value: e.value,
        complete: e.cell.coverage.complete,
      })),
    );
    expect(entries).toEqual([{ code: PINGTAN, rank: 1, value: 74, complete: true }]);
    expect(await page.$$eval('.ranking-table tr.unranked', (trs) => trs.map((tr) => tr.getAttribute('data-code')))).toEqual(
      api.ranking.unranked.map((u) => u.cell.jurisdiction.code),
    );

    // 2023: 平潭 has no summary; its organs' reports make the total, and 公安局's absence marks it incomplete.
    await rendered(page, () => page.selectOption('#ranking-year', '2023'));
    expect(
      await page.$eval(`.ranking-table tr[data-code="${PINGTAN}"]`, (tr) => [
        tr.getAttribute('data-value'),
        tr.getAttribute('data-complete'),
      ]),
    ).toEqual(['69', 'false']);
    expect(await page.$eval(`.ranking-table tr[data-code="${PINGTAN}"] .bar`, (bar) => bar.classList.contains('incomplete'))).toBe(true);
    await page.locator('#ranking-view').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-ranking-children.png') });

    // Coverage grid: 福州 itself, then its children; 平潭 by SUMMARY in its summary years, the others by nothing.
    const grid = await page.$$eval('.coverage-grid tbody tr', (trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-code'),
        kinds: [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-kind')),
      })),
    );
    const children = await server.api.execute<{ jurisdiction: { children: { code: string }[] } }>(
      `{ jurisdiction(code: "${FUZHOU}") { children { code } } }`,
    );
    expect(grid.map((r) => r.code)).toEqual([FUZHOU, ...children.jurisdiction.children.map((c) => c.code)]);
    expect(grid.find((r) => r.code === PINGTAN)!.kinds).toEqual(['SUMMARY', 'OWN', 'SUMMARY', 'SUMMARY', 'OWN', 'SUMMARY']);
    expect(grid.find((r) => r.code === '350102')!.kinds).toEqual(Array(6).fill('NONE'));
    await page.locator('#coverage-view').screenshot({ path: path.join(SCREENSHOTS, 'dashboard-coverage-children.png') });

    // 平潭综合实验区, the name its reports print, is not a GB/T 2260 name: the alias table makes it 平潭县.
    await page.fill('#jurisdiction-search', '平潭综合实验区');
    await page.locator(`#jurisdiction-results button[data-code="${PINGTAN}"]`).filter({ hasText: '平潭县' }).waitFor({ timeout: TIMEOUT });
    await rendered(page, () => page.click(`#jurisdiction-results button[data-code="${PINGTAN}"]`));
    expect(await page.getAttribute('#current-jurisdiction', 'data-code')).toBe(PINGTAN);
    // And by code.
    await page.fill('#jurisdiction-search', FUZHOU);
    await rendered(page, () => page.click(`#jurisdiction-results button[data-code="${FUZHOU}"]`));
    expect(await page.getAttribute('#current-jurisdiction', 'data-code')).toBe(FUZHOU);

    expect(tier.browser.pageErrors).toEqual([]);
    expect(tier.browser.blockedRequests).toEqual([]);
  });

  it('the IDE links to the dashboard and back, and downloads a cells query as CSV', async () => {
    const { page } = tier.browser;
    await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: TIMEOUT });
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: TIMEOUT });
    expect(await page.getAttribute('#dashboard-link', 'href')).toBe('/dashboard');

    // The first tab has no cells: the IDE says so instead of downloading.
    await page.click('#ide-csv');
    await page.locator('#ide-message').filter({ hasText: 'cells' }).waitFor({ timeout: TIMEOUT });

    await page.locator('.graphiql-tab-button').filter({ hasText: 'FujianBest' }).click();
    await page.locator('.graphiql-query-editor').filter({ hasText: 'query FujianBest' }).waitFor({ timeout: TIMEOUT });
    // GraphiQL re-parses the editor (debounced) after a tab switch: wait for the new operation's name.
    await page.waitForFunction(
      (name) =>
        (
          document.querySelector('.graphiql-query-editor .CodeMirror') as
            (Element & { CodeMirror?: { operationName?: string | null } }) | null
        )?.CodeMirror?.operationName === name,
      'FujianBest',
      { timeout: TIMEOUT },
    );
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click('#ide-csv')]);
    const url = new URL(download.url());
    expect(url.pathname).toBe('/export/cells.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      jurisdictions: '350000,350100,350128',
      indicators: 'applications.new.total,derived.disclosure_rate',
      from: '2019',
      to: '2024',
      measure: 'BEST',
    });
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(1 + 3 * 2 * 6);

    // And back: the dashboard links to the IDE.
    await page.click('#dashboard-link');
    await page.waitForSelector('#app[data-state=ready]', { timeout: TIMEOUT });
    expect(await page.getAttribute('#ide-link', 'href')).toBe('/');

    expect(tier.browser.pageErrors).toEqual([]);
    expect(tier.browser.blockedRequests).toEqual([]);
  });
});
