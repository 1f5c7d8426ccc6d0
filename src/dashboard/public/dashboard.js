/*
 * The ogi-stats dashboard: plain browser JavaScript on the public GraphQL API (POST /graphql) and the
 * CSV exports, nothing else. The state lives in the URL's query string, so a link shows the same view.
 * Each chart has a table beside it holding the values drawn (data-value, data-status), which the
 * browser test reads; the time series is drawn by uPlot (window.uPlot), the bars and the grid in HTML.
 */
(function () {
  'use strict';

  const GRAPHQL = document.getElementById('app').dataset.graphql || '/graphql';
  const MEASURES = ['OWN', 'REPORTED', 'ROLLUP', 'BEST'];
  const MEASURE_LABEL = { OWN: '本级报告 OWN', REPORTED: '汇总报告 REPORTED', ROLLUP: '下级合计 ROLLUP', BEST: '最佳可得 BEST' };
  const MEASURE_COLOR = { OWN: '#1f77b4', REPORTED: '#e07b00', ROLLUP: '#2ca02c', BEST: '#8e44ad' };
  const KIND_LABEL = { SUMMARY: '汇总', OWN: '本级', DEPARTMENTS_ONLY: '仅部门', NONE: '无' };
  const MAX_INDICATORS = 6;

  // The GraphQL documents the page sends (quoted in the README for dashboards of one's own).
  const QUERIES = {
    catalog: `query DashboardCatalog {
  years { year }
  indicators { code labelZh unit }
}`,
    search: `query DashboardSearch($search: String, $codes: [ID!]) {
  jurisdictions(search: $search, codes: $codes, first: 20) { edges { node { code name level parent { name } } } }
}`,
    indicators: `query DashboardIndicators($search: String!) {
  indicators(search: $search) { code labelZh unit }
}`,
    jurisdiction: `query DashboardJurisdiction($code: ID!, $years: YearRange!) {
  jurisdiction(code: $code) {
    code name level
    ancestors { code name }
    children { code name functionalZone }
    organs(years: $years) { id name kind }
  }
}`,
    series: `query DashboardSeries($codes: [ID!]!, $indicators: [ID!]!, $years: YearRange!) {
  OWN: cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: $years, measure: OWN) { ...point }
  REPORTED: cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: $years, measure: REPORTED) { ...point }
  ROLLUP: cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: $years, measure: ROLLUP) { ...point coverage { complete reason } }
  BEST: cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: $years, measure: BEST) { ...point coverage { complete reason } }
}
fragment point on Cell { indicator { code } year value status reason }`,
    ranking: `query DashboardRanking($indicator: ID!, $year: Int!, $among: JurisdictionSelector!, $measure: Measure!) {
  ranking(indicator: $indicator, year: $year, among: $among, measure: $measure, first: 100) {
    rankedCount
    entries { rank value cell { jurisdiction { code name } organ { id name } coverage { expected reported complete reason } quality { sound reportsWithFailures } } }
    unranked { status reason cell { jurisdiction { code name } organ { id name } coverage { expected reported complete reason } } }
  }
}`,
    coverageChildren: `query DashboardCoverage($code: ID!, $indicator: ID!, $years: YearRange!) {
  jurisdiction(code: $code) {
    code name
    availability(years: $years) { year governmentOwn departmentOwn summary below }
    children { code name availability(years: $years) { year governmentOwn departmentOwn summary below } }
  }
  self: cells(jurisdictions: { codes: [$code] }, indicators: [$indicator], years: $years, measure: BEST) { ...grid }
  children: cells(jurisdictions: { childrenOf: $code }, indicators: [$indicator], years: $years, measure: BEST) { ...grid }
}
fragment grid on Cell { jurisdiction { code } year status coverage { expected reported complete } quality { reports reportsWithFailures sound } }`,
    coverageOrgans: `query DashboardOrganCoverage($code: ID!, $indicator: ID!, $years: YearRange!) {
  jurisdiction(code: $code) {
    code name
    availability(years: $years) { year governmentOwn departmentOwn summary below }
  }
  self: cells(jurisdictions: { codes: [$code] }, indicators: [$indicator], years: $years, measure: BEST) { year status coverage { expected reported complete } quality { reports reportsWithFailures sound } }
  organs: cells(jurisdictions: { organsOf: $code }, indicators: [$indicator], years: $years, measure: OWN) { organ { id name } year status reason quality { reports reportsWithFailures sound } }
}`,
    provenance: `query DashboardProvenance($among: JurisdictionSelector!, $indicator: ID!, $years: YearRange!, $measure: Measure!) {
  cells(jurisdictions: $among, indicators: [$indicator], years: $years, measure: $measure) {
    jurisdiction { code name } organ { id name } indicator { code labelZh unit } year measure value status reason
    composition { description }
    coverage { expected reported complete reason }
    quality { reports reportsWithFailures failedChecks { identity scope description lhs rhs report { id organ year } } missingParts { part reason report { id organ year } } }
    sources { id organ year scope revision sourceUrl }
  }
}`,
  };

  const $ = (id) => document.getElementById(id);
  const app = $('app');
  const catalog = new Map();
  let years = [];
  let current = null; // the jurisdiction shown
  let renderCount = 0;
  const charts = [];

  /** An element with attributes (data-*, aria-*, on* handlers) and children (text or nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'className') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  async function gql(query, variables) {
    const response = await fetch(GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length)
      throw new Error(
        body.errors.map((e) => `${e.message}${e.extensions && e.extensions.code ? ` (${e.extensions.code})` : ''}`).join('; '),
      );
    return body.data;
  }

  // ---- state in the URL ----------------------------------------------------------------------------
  const state = { j: '350128', i: ['applications.new.total'], from: 2019, to: 2024, ri: '', ry: 0, among: '', rm: '' };

  function readUrl() {
    const p = new URLSearchParams(location.search);
    if (/^\d{6}$/.test(p.get('j') || '')) state.j = p.get('j');
    const i = (p.get('i') || '').split(',').filter(Boolean);
    if (i.length) state.i = i.slice(0, MAX_INDICATORS);
    for (const key of ['from', 'to', 'ry']) if (/^\d{4}$/.test(p.get(key) || '')) state[key] = Number(p.get(key));
    if (p.get('ri')) state.ri = p.get('ri');
    if (['children', 'organs'].includes(p.get('among'))) state.among = p.get('among');
    if (MEASURES.includes(p.get('rm'))) state.rm = p.get('rm');
  }

  function writeUrl() {
    const p = new URLSearchParams({
      j: state.j,
      i: state.i.join(','),
      from: String(state.from),
      to: String(state.to),
      ri: state.ri,
      ry: String(state.ry),
      among: state.among,
      rm: state.rm,
    });
    history.replaceState(null, '', `${location.pathname}?${p}`);
  }

  // ---- formatting ------------------------------------------------------------------------------------
  const labelOf = (code) => (catalog.get(code) ? catalog.get(code).labelZh : code);
  const unitOf = (code) => (catalog.get(code) ? catalog.get(code).unit : '');
  function format(value, code) {
    if (value === null || value === undefined) return '—';
    if (unitOf(code) === 'ratio') return `${(value * 100).toFixed(1)}%`;
    return Number.isInteger(value) ? value.toLocaleString('zh-CN') : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  }
  const yearRange = () => ({ from: state.from, to: state.to });
  const exportUrl = (params) => `/export/cells.csv?${new URLSearchParams(params)}`;

  function setStatus(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  // ---- pickers ---------------------------------------------------------------------------------------
  function debounce(fn, ms) {
    let timer;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  let searchSeq = 0;
  const searchJurisdictions = debounce(async (text) => {
    const list = $('jurisdiction-results');
    const seq = (searchSeq += 1);
    if (!text.trim()) {
      list.replaceChildren();
      return;
    }
    try {
      const wanted = text.trim();
      const find = async (variables) => (await gql(QUERIES.search, variables)).jurisdictions.edges.map((e) => e.node);
      // A six-digit code is looked up as a code; a name also finds the names a jurisdiction is known by
      // (the server's alias table: 平潭综合实验区 is 平潭县).
      const nodes = await find(/^\d{6}$/.test(wanted) ? { codes: [wanted] } : { search: wanted });
      if (seq !== searchSeq) return; // a later search answers instead
      list.replaceChildren(
        ...(nodes.length
          ? nodes.map((n) =>
              el(
                'li',
                {},
                el(
                  'button',
                  { type: 'button', 'data-code': n.code, onclick: () => choose(n.code) },
                  n.name,
                  el('small', {}, ` ${n.parent ? n.parent.name + ' · ' : ''}${n.code}`),
                ),
              ),
            )
          : [el('li', { className: 'empty' }, `没有名称含「${wanted}」的地区 No jurisdiction named like that`)]),
      );
    } catch (error) {
      list.replaceChildren(el('li', { className: 'error' }, error.message));
    }
  }, 250);

  const searchIndicators = debounce(async (text) => {
    const list = $('indicator-results');
    if (!text.trim()) {
      list.replaceChildren();
      return;
    }
    try {
      const data = await gql(QUERIES.indicators, { search: text.trim() });
      list.replaceChildren(
        ...data.indicators.slice(0, 30).map((ind) => {
          catalog.set(ind.code, ind);
          const chosen = state.i.includes(ind.code);
          return el(
            'li',
            {},
            el(
              'button',
              { type: 'button', 'data-code': ind.code, disabled: chosen, onclick: () => addIndicator(ind.code) },
              ind.labelZh,
              el('small', {}, ` ${ind.code}`),
            ),
          );
        }),
      );
      if (!data.indicators.length) list.append(el('li', { className: 'empty' }, '没有匹配的指标 No indicator matches'));
    } catch (error) {
      list.replaceChildren(el('li', { className: 'error' }, error.message));
    }
  }, 250);

  function addIndicator(code) {
    if (state.i.includes(code)) return;
    if (state.i.length >= MAX_INDICATORS) {
      setStatus(`最多 ${MAX_INDICATORS} 个指标 At most ${MAX_INDICATORS} indicators: remove one first.`, true);
      return;
    }
    state.i.push(code);
    $('indicator-search').value = '';
    $('indicator-results').replaceChildren();
    renderAll();
  }

  function removeIndicator(code) {
    if (state.i.length === 1) return;
    state.i = state.i.filter((c) => c !== code);
    if (state.ri === code) state.ri = state.i[0];
    renderAll();
  }

  async function choose(code) {
    state.j = code;
    state.among = '';
    state.rm = '';
    $('jurisdiction-search').value = '';
    $('jurisdiction-results').replaceChildren();
    await renderAll(true);
  }

  function renderPickers() {
    $('breadcrumb').replaceChildren(
      ...current.ancestors.map((a) =>
        el('button', { type: 'button', className: 'crumb', 'data-code': a.code, onclick: () => choose(a.code) }, a.name),
      ),
      el('strong', { id: 'current-jurisdiction', 'data-code': current.code }, `${current.name} (${current.code})`),
    );
    $('children').replaceChildren(
      ...(current.children.length
        ? [
            el('span', { className: 'label' }, '下级 Children: '),
            ...current.children.map((c) =>
              el('button', { type: 'button', className: 'child', 'data-code': c.code, onclick: () => choose(c.code) }, c.name),
            ),
          ]
        : [el('span', { className: 'label' }, '无下级地区 No jurisdictions below; ranking and coverage show its organs.')]),
    );
    $('indicator-chips').replaceChildren(
      ...state.i.map((code) =>
        el(
          'span',
          { className: 'chip', 'data-code': code },
          labelOf(code),
          state.i.length > 1
            ? el('button', { type: 'button', 'aria-label': `移除 Remove ${labelOf(code)}`, onclick: () => removeIndicator(code) }, '×')
            : null,
        ),
      ),
    );
    const fill = (select, options, value) => {
      select.replaceChildren(...options.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value) }, text)));
    };
    fill(
      $('year-from'),
      years.map((y) => [y, y]),
      state.from,
    );
    fill(
      $('year-to'),
      years.map((y) => [y, y]),
      state.to,
    );
    fill(
      $('ranking-indicator'),
      state.i.map((c) => [c, labelOf(c)]),
      state.ri,
    );
    const rankYears = [];
    for (let y = state.from; y <= state.to; y += 1) rankYears.push([y, y]);
    fill($('ranking-year'), rankYears, state.ry);
    const among = $('ranking-among');
    among.value = state.among;
    among.querySelector('option[value=children]').disabled = current.children.length === 0;
    among.querySelector('option[value=organs]').disabled = current.organs.length === 0;
    const measure = $('ranking-measure');
    measure.value = state.rm;
    measure.querySelector('option[value=REPORTED]').disabled = state.among === 'organs';
  }

  /** Fills the parts of the state the URL left out, and keeps it consistent with the jurisdiction. */
  function settleState() {
    if (state.from > state.to) [state.from, state.to] = [state.to, state.from];
    if (!state.i.includes(state.ri)) state.ri = state.i[0];
    if (!(state.ry >= state.from && state.ry <= state.to)) state.ry = state.to;
    if (state.among === 'children' && current.children.length === 0) state.among = '';
    if (state.among === 'organs' && current.organs.length === 0) state.among = '';
    if (!state.among) state.among = current.children.length > 0 || current.organs.length === 0 ? 'children' : 'organs';
    if (!state.rm || (state.among === 'organs' && state.rm === 'REPORTED')) state.rm = state.among === 'organs' ? 'OWN' : 'BEST';
  }

  // ---- the time series -------------------------------------------------------------------------------
  function tooltipPlugin(indicator, byMeasure) {
    let tip;
    return {
      hooks: {
        init: (u) => {
          tip = el('div', { className: 'tooltip', role: 'tooltip', hidden: true });
          u.over.append(tip);
          u.over.addEventListener('mouseleave', () => {
            tip.hidden = true;
          });
        },
        setCursor: (u) => {
          const idx = u.cursor.idx;
          if (idx === null || idx === undefined) {
            tip.hidden = true;
            return;
          }
          const year = u.data[0][idx];
          tip.replaceChildren(
            el('strong', {}, String(year)),
            ...MEASURES.map((m) => {
              const cell = byMeasure[m][idx];
              return el(
                'div',
                { className: cell && cell.status === 'VALUE' ? 'value' : 'gap', 'data-measure': m },
                el('span', { className: 'swatch', style: `background:${MEASURE_COLOR[m]}` }),
                `${m}: `,
                cell && cell.status === 'VALUE'
                  ? format(cell.value, indicator)
                  : `缺 ${cell ? cell.status : 'MISSING'} — ${cell && cell.reason ? cell.reason : ''}`,
              );
            }),
          );
          tip.hidden = false;
          const left = Math.min(u.cursor.left + 12, u.over.clientWidth - 260);
          tip.style.left = `${Math.max(0, left)}px`;
          tip.style.top = `${Math.max(0, (u.cursor.top || 0) - 10)}px`;
        },
      },
    };
  }

  async function renderSeries() {
    const data = await gql(QUERIES.series, { codes: [state.j], indicators: state.i, years: yearRange() });
    for (const chart of charts.splice(0)) chart.destroy();
    const xs = [];
    for (let y = state.from; y <= state.to; y += 1) xs.push(y);
    const container = $('series');
    container.replaceChildren();
    for (const code of state.i) {
      const byMeasure = {};
      for (const m of MEASURES) byMeasure[m] = xs.map((y) => data[m].find((c) => c.indicator.code === code && c.year === y) || null);
      const values = (m) => byMeasure[m].map((c) => (c && c.status === 'VALUE' ? c.value : null));
      const plot = el('div', {
        className: 'plot',
        role: 'img',
        'aria-label': `${labelOf(code)}：${MEASURES.join('、')} 折线图，数值见旁边的表格 (line chart; the values are in the table beside it)`,
      });
      const table = el(
        'table',
        { className: 'values', 'data-indicator': code },
        el('caption', {}, `${labelOf(code)}（${unitOf(code) === 'ratio' ? '%' : unitOf(code)}）`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, '年份 Year'),
            ...MEASURES.map((m) => el('th', { scope: 'col', style: `color:${MEASURE_COLOR[m]}` }, m)),
          ),
        ),
        el(
          'tbody',
          {},
          xs.map((y, idx) =>
            el(
              'tr',
              { 'data-year': y },
              el('th', { scope: 'row' }, String(y)),
              ...MEASURES.map((m) => {
                const cell = byMeasure[m][idx];
                const isValue = cell && cell.status === 'VALUE';
                const incomplete = isValue && cell.coverage && !cell.coverage.complete;
                return el(
                  'td',
                  {
                    'data-measure': m,
                    'data-year': y,
                    'data-status': cell ? cell.status : 'MISSING',
                    'data-value': isValue && cell.value !== null ? cell.value : null,
                    title: cell && (cell.reason || (cell.coverage && cell.coverage.reason)),
                  },
                  el(
                    'button',
                    {
                      type: 'button',
                      className: isValue ? 'cell' : 'cell gap',
                      onclick: () => showProvenance({ codes: [state.j] }, code, y, [m]),
                    },
                    isValue ? format(cell.value, code) : '—',
                    incomplete ? el('sup', { title: cell.coverage.reason }, '*') : null,
                  ),
                );
              }),
            ),
          ),
        ),
      );
      const drawnAny = MEASURES.some((m) => values(m).some((v) => v !== null));
      const figure = el(
        'figure',
        { className: 'series-chart', 'data-indicator': code },
        el('figcaption', {}, labelOf(code), el('small', {}, ` ${code}`)),
        drawnAny
          ? null
          : el(
              'p',
              { className: 'empty-note' },
              '这些年份没有任何数值：表格单元格的提示写明原因。 No value in these years: the table says why.',
            ),
        el('div', { className: 'chart-and-table' }, plot, table),
      );
      container.append(figure);
      const isRatio = unitOf(code) === 'ratio';
      const opts = {
        width: Math.max(320, Math.min(720, container.clientWidth - 460)),
        height: 260,
        scales: {
          x: { time: false },
          y: { range: (u, min, max) => [Math.min(0, min === null ? 0 : min), max === null || max <= 0 ? 1 : max * 1.1] },
        },
        axes: [
          { incrs: [1], values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
          { size: 60, values: (u, splits) => splits.map((v) => (isRatio ? `${(v * 100).toFixed(0)}%` : v.toLocaleString('zh-CN'))) },
        ],
        legend: { show: true, live: false },
        cursor: { points: { size: 9 } },
        // REPORTED and BEST often coincide (BEST is the summary where there is one): REPORTED is drawn
        // dashed with larger hollow points, so it shows under BEST.
        series: [
          { label: '年份' },
          ...MEASURES.map((m) => ({
            label: MEASURE_LABEL[m],
            stroke: MEASURE_COLOR[m],
            width: 2,
            dash: m === 'REPORTED' ? [6, 4] : undefined,
            spanGaps: false,
            points: m === 'REPORTED' ? { show: true, size: 12, width: 2, fill: '#fff' } : { show: true, size: 7, fill: MEASURE_COLOR[m] },
          })),
        ],
        plugins: [tooltipPlugin(code, byMeasure)],
      };
      const chart = new window.uPlot(opts, [xs, ...MEASURES.map(values)], plot);
      chart.over.addEventListener('click', () => {
        const idx = chart.cursor.idx;
        if (idx !== null && idx !== undefined) showProvenance({ codes: [state.j] }, code, xs[idx], MEASURES);
      });
      charts.push(chart);
    }
    $('series-downloads').replaceChildren(
      'CSV：',
      ...MEASURES.map((m) =>
        el(
          'a',
          {
            href: exportUrl({ jurisdictions: state.j, indicators: state.i.join(','), from: state.from, to: state.to, measure: m }),
            download: '',
            'data-measure': m,
          },
          m,
        ),
      ),
    );
  }

  // ---- the ranking -----------------------------------------------------------------------------------
  function nameOf(cell) {
    return cell.organ ? cell.organ.name : cell.jurisdiction.name;
  }

  async function renderRanking() {
    const among = state.among === 'organs' ? { organsOf: state.j } : { childrenOf: state.j };
    const data = await gql(QUERIES.ranking, { indicator: state.ri, year: state.ry, among, measure: state.rm });
    const { entries, unranked } = data.ranking;
    const max = Math.max(0, ...entries.map((e) => e.value));
    const provenanceFor = (cell) => () =>
      cell.organ
        ? showProvenance({ organsOf: state.j }, state.ri, state.ry, [state.rm], cell.organ.id)
        : showProvenance({ codes: [cell.jurisdiction.code] }, state.ri, state.ry, [state.rm]);
    const coverageText = (coverage) => (coverage ? `${coverage.reported}/${coverage.expected}` : '');
    const rows = entries.map((e) => {
      const coverage = e.cell.coverage;
      const incomplete = coverage && !coverage.complete;
      return el(
        'tr',
        {
          'data-name': nameOf(e.cell),
          'data-code': e.cell.jurisdiction.code,
          'data-organ': e.cell.organ ? e.cell.organ.id : null,
          'data-rank': e.rank,
          'data-value': e.value,
          'data-complete': coverage ? String(coverage.complete) : null,
          'data-sound': String(e.cell.quality.sound),
        },
        el('td', { className: 'rank' }, String(e.rank)),
        el('th', { scope: 'row' }, el('button', { type: 'button', className: 'link', onclick: provenanceFor(e.cell) }, nameOf(e.cell))),
        el(
          'td',
          { className: 'bar-cell' },
          el('span', {
            className: `bar${incomplete ? ' incomplete' : ''}`,
            style: `width:${max > 0 ? Math.max(0.5, (e.value / max) * 100) : 0.5}%`,
          }),
          el('span', { className: 'bar-value' }, format(e.value, state.ri)),
        ),
        el(
          'td',
          { className: 'coverage', title: coverage && coverage.reason },
          coverage ? `${coverageText(coverage)}${incomplete ? ' ⚠ 不完整' : ' ✓'}` : '',
        ),
        el(
          'td',
          {
            className: 'quality',
            title: e.cell.quality.sound ? '核对关系通过' : `${e.cell.quality.reportsWithFailures} 份报告核对未通过或有缺失部分`,
          },
          e.cell.quality.sound ? '✓' : '✗',
        ),
      );
    });
    const unrankedRows = unranked.map((u) =>
      el(
        'tr',
        {
          className: 'unranked',
          'data-name': nameOf(u.cell),
          'data-code': u.cell.jurisdiction.code,
          'data-organ': u.cell.organ ? u.cell.organ.id : null,
          'data-status': u.status,
        },
        el('td', { className: 'rank' }, '—'),
        el('th', { scope: 'row' }, el('button', { type: 'button', className: 'link', onclick: provenanceFor(u.cell) }, nameOf(u.cell))),
        el('td', { className: 'reason', colspan: 3 }, `${u.status}: ${u.reason}`),
      ),
    );
    const amongText = state.among === 'organs' ? `${current.name}的机关 organs` : `${current.name}的下级 children`;
    $('ranking').replaceChildren(
      el(
        'table',
        {
          className: 'ranking-table',
          'data-indicator': state.ri,
          'data-year': state.ry,
          'data-measure': state.rm,
          'data-among': state.among,
        },
        el('caption', {}, `${amongText} · ${labelOf(state.ri)} · ${state.ry} · ${state.rm}（${data.ranking.rankedCount} 个有值）`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, '名次'),
            el('th', {}, '名称'),
            el('th', {}, '数值'),
            el('th', {}, '覆盖 coverage'),
            el('th', {}, '核对'),
          ),
        ),
        el('tbody', {}, rows),
        unrankedRows.length ? el('tbody', { className: 'unranked-rows' }, unrankedRows) : null,
      ),
    );
    $('ranking-downloads').replaceChildren(
      'CSV：',
      state.among === 'organs'
        ? el(
            'a',
            { href: `/export/report.csv?${new URLSearchParams({ jurisdiction: state.j, year: String(state.ry) })}`, download: '' },
            `${current.name} ${state.ry} 年各机关报告的全部数值`,
          )
        : el(
            'a',
            {
              href: exportUrl({ childrenOf: state.j, indicators: state.ri, from: state.ry, to: state.ry, measure: state.rm }),
              download: '',
            },
            `下级 ${state.ry} ${state.rm}`,
          ),
    );
  }

  // ---- the coverage grid -----------------------------------------------------------------------------
  function kindOf(availability) {
    if (!availability) return 'NONE';
    if (availability.summary > 0) return 'SUMMARY';
    if (availability.governmentOwn > 0) return 'OWN';
    if (availability.departmentOwn > 0) return 'DEPARTMENTS_ONLY';
    return 'NONE';
  }

  function gridCell(kind, year, quality, extra, onclick, coverage) {
    const sound = quality ? quality.reports === 0 || quality.sound : true;
    const mark = quality && quality.reports > 0 ? (sound ? '✓' : '✗') : '';
    return el(
      'td',
      {
        className: `kind kind-${kind}`,
        'data-year': year,
        'data-kind': kind,
        'data-sound': quality && quality.reports > 0 ? String(sound) : null,
        title: `${KIND_LABEL[kind]} ${kind}${extra ? ` · ${extra}` : ''}${mark ? ` · 核对 ${mark}` : ''}`,
      },
      el(
        'button',
        { type: 'button', className: 'grid-button', onclick },
        `${KIND_LABEL[kind]} ${mark}`,
        coverage && coverage.expected > 1 ? el('small', { className: 'subtree' }, ` ${coverage.reported}/${coverage.expected}`) : null,
      ),
    );
  }

  async function renderCoverage() {
    const xs = [];
    for (let y = state.from; y <= state.to; y += 1) xs.push(y);
    const rows = [];
    const rowOf = (name, code, organ, cells) =>
      el('tr', { 'data-name': name, 'data-code': code, 'data-organ': organ }, el('th', { scope: 'row' }, name), ...cells);
    if (state.among === 'organs') {
      const data = await gql(QUERIES.coverageOrgans, { code: state.j, indicator: state.ri, years: yearRange() });
      const own = data.jurisdiction;
      rows.push(
        rowOf(
          `${own.name}（全区）`,
          own.code,
          null,
          xs.map((y) => {
            const cell = data.self.find((c) => c.year === y);
            return gridCell(kindOf(own.availability.find((a) => a.year === y)), y, cell && cell.quality, null, () =>
              showProvenance({ codes: [own.code] }, state.ri, y, ['BEST']),
            );
          }),
        ),
      );
      const organs = new Map();
      for (const c of data.organs) {
        if (!organs.has(c.organ.id)) organs.set(c.organ.id, { organ: c.organ, cells: new Map() });
        organs.get(c.organ.id).cells.set(c.year, c);
      }
      for (const { organ, cells } of organs.values()) {
        rows.push(
          rowOf(
            organ.name,
            own.code,
            organ.id,
            xs.map((y) => {
              const cell = cells.get(y);
              const reported = cell && cell.quality.reports > 0;
              return gridCell(reported ? 'OWN' : 'NONE', y, cell && cell.quality, cell && cell.reason, () =>
                showProvenance({ organsOf: own.code }, state.ri, y, ['OWN'], organ.id),
              );
            }),
          ),
        );
      }
    } else {
      const data = await gql(QUERIES.coverageChildren, { code: state.j, indicator: state.ri, years: yearRange() });
      const own = data.jurisdiction;
      const cellOf = (list, code, y) => list.find((c) => c.jurisdiction.code === code && c.year === y);
      const coverageText = (cell) =>
        cell && cell.coverage ? `覆盖 ${cell.coverage.reported}/${cell.coverage.expected}${cell.coverage.complete ? '' : ' 不完整'}` : null;
      for (const unit of [own, ...own.children]) {
        const list = unit === own ? data.self : data.children;
        rows.push(
          rowOf(
            unit === own ? `${unit.name}（本级）` : unit.name,
            unit.code,
            null,
            xs.map((y) => {
              const cell = cellOf(list, unit.code, y);
              return gridCell(
                kindOf(unit.availability.find((a) => a.year === y)),
                y,
                cell && cell.quality,
                coverageText(cell),
                () => showProvenance({ codes: [unit.code] }, state.ri, y, ['BEST']),
                cell && cell.coverage,
              );
            }),
          ),
        );
      }
    }
    $('coverage').replaceChildren(
      el(
        'table',
        { className: 'coverage-grid', 'data-among': state.among, 'data-indicator': state.ri },
        el(
          'caption',
          {},
          `${current.name} · ${state.among === 'organs' ? '机关 organs' : '下级 children'} × 年份 · 核对：${labelOf(state.ri)}`,
        ),
        el('thead', {}, el('tr', {}, el('th', {}, ''), ...xs.map((y) => el('th', { scope: 'col' }, String(y))))),
        el('tbody', {}, rows),
      ),
    );
    $('coverage-downloads').replaceChildren(
      'CSV：',
      state.among === 'organs'
        ? el(
            'a',
            {
              href: exportUrl({ jurisdictions: state.j, indicators: state.ri, from: state.from, to: state.to, measure: 'ROLLUP' }),
              download: '',
            },
            `${current.name} ROLLUP（含覆盖 with coverage）`,
          )
        : el(
            'a',
            {
              href: exportUrl({ childrenOf: state.j, indicators: state.ri, from: state.from, to: state.to, measure: 'BEST' }),
              download: '',
            },
            '下级 BEST（含覆盖 with coverage）',
          ),
    );
  }

  // ---- provenance ------------------------------------------------------------------------------------
  async function showProvenance(among, indicator, year, measures, organId) {
    const panel = $('provenance');
    const body = $('provenance-body');
    panel.hidden = false;
    panel.scrollIntoView({ block: 'nearest' });
    body.replaceChildren(el('p', {}, '读取中… Loading…'));
    panel.dataset.state = 'loading';
    try {
      const answers = await Promise.all(
        measures.map((measure) =>
          gql(QUERIES.provenance, { among, indicator, years: { from: year, to: year }, measure }).then((d) => d.cells),
        ),
      );
      const cells = answers.flat().filter((c) => !organId || (c.organ && c.organ.id === organId));
      body.replaceChildren(
        ...cells.map((c) =>
          el(
            'article',
            {
              className: 'provenance-cell',
              'data-measure': c.measure,
              'data-year': c.year,
              'data-status': c.status,
              'data-value': c.status === 'VALUE' ? c.value : null,
            },
            el('h3', {}, `${c.organ ? c.organ.name : c.jurisdiction.name} · ${c.indicator.labelZh} · ${c.year} · ${c.measure}`),
            el(
              'p',
              { className: 'provenance-value' },
              c.status === 'VALUE'
                ? `= ${format(c.value, c.indicator.code)} ${c.indicator.unit === 'ratio' ? '' : c.indicator.unit}`
                : `${c.status}: ${c.reason || ''}`,
            ),
            c.status === 'VALUE' && c.reason ? el('p', {}, c.reason) : null,
            c.composition ? el('p', {}, `构成 Composition: ${c.composition.description}`) : null,
            c.coverage
              ? el(
                  'p',
                  {},
                  `覆盖 Coverage: ${c.coverage.reported}/${c.coverage.expected}${c.coverage.complete ? ' 完整' : ` 不完整 — ${c.coverage.reason || ''}`}`,
                )
              : null,
            el('p', {}, `报告 ${c.quality.reports} 份，核对未通过 ${c.quality.reportsWithFailures} 份`),
            c.quality.failedChecks.length
              ? el(
                  'ul',
                  { className: 'checks' },
                  c.quality.failedChecks.map((f) =>
                    el(
                      'li',
                      {},
                      `${f.identity} ${f.scope}: ${f.description} (${f.lhs} ≠ ${f.rhs})${f.report ? ` — ${f.report.organ} ${f.report.year}` : ''}`,
                    ),
                  ),
                )
              : null,
            c.quality.missingParts.length
              ? el(
                  'ul',
                  { className: 'missing' },
                  c.quality.missingParts.map((m) =>
                    el('li', {}, `缺 ${m.part}: ${m.reason}${m.report ? ` — ${m.report.organ} ${m.report.year}` : ''}`),
                  ),
                )
              : null,
            c.sources.length
              ? el(
                  'ol',
                  { className: 'sources' },
                  c.sources.map((s) =>
                    el(
                      'li',
                      { 'data-report': s.id, 'data-source-url': s.sourceUrl },
                      `${s.organ} ${s.year} ${s.scope} · 第 ${s.revision} 版 · `,
                      // Only an http(s) address becomes a link, whatever a server stored.
                      s.sourceUrl && /^https?:\/\//i.test(s.sourceUrl)
                        ? el('a', { href: s.sourceUrl, target: '_blank', rel: 'noopener noreferrer' }, '原文 source')
                        : '无来源网址 no source URL',
                      ' · ',
                      el('a', { href: `/export/report.csv?id=${encodeURIComponent(s.id)}`, download: '' }, '数值 CSV'),
                    ),
                  ),
                )
              : el('p', {}, '没有报告 No report behind it.'),
          ),
        ),
      );
      if (!cells.length) body.replaceChildren(el('p', {}, '没有单元格 No cell.'));
      panel.dataset.state = 'ready';
    } catch (error) {
      body.replaceChildren(el('p', { className: 'error' }, error.message));
      panel.dataset.state = 'error';
    }
  }

  // ---- putting it together ---------------------------------------------------------------------------
  async function loadJurisdiction() {
    const data = await gql(QUERIES.jurisdiction, { code: state.j, years: yearRange() });
    if (!data.jurisdiction) throw new Error(`没有代码为 ${state.j} 的地区 No jurisdiction ${state.j}.`);
    current = data.jurisdiction;
  }

  let pending = Promise.resolve();
  function renderAll(reloadJurisdiction) {
    pending = pending.then(() => render(reloadJurisdiction !== false)).catch(() => undefined);
    return pending;
  }

  async function render(reloadJurisdiction) {
    app.dataset.state = 'loading';
    setStatus('读取中… Loading…');
    try {
      if (reloadJurisdiction || !current || current.code !== state.j) await loadJurisdiction();
      settleState();
      renderPickers();
      writeUrl();
      await Promise.all([renderSeries(), renderRanking(), renderCoverage()]);
      renderCount += 1;
      app.dataset.render = String(renderCount);
      app.dataset.state = 'ready';
      setStatus('');
    } catch (error) {
      app.dataset.state = 'error';
      setStatus(error.message, true);
    }
  }

  async function start() {
    readUrl();
    try {
      const data = await gql(QUERIES.catalog);
      for (const ind of data.indicators) catalog.set(ind.code, ind);
      years = data.years.map((y) => y.year);
    } catch (error) {
      app.dataset.state = 'error';
      setStatus(error.message, true);
      return;
    }
    if (years.length) {
      state.from = Math.max(state.from, years[0]);
      state.to = Math.min(state.to, years[years.length - 1]);
    }
    $('jurisdiction-search').addEventListener('input', (e) => searchJurisdictions(e.target.value));
    $('indicator-search').addEventListener('input', (e) => searchIndicators(e.target.value));
    $('year-from').addEventListener('change', (e) => {
      state.from = Number(e.target.value);
      renderAll();
    });
    $('year-to').addEventListener('change', (e) => {
      state.to = Number(e.target.value);
      renderAll();
    });
    $('ranking-indicator').addEventListener('change', (e) => {
      state.ri = e.target.value;
      renderAll(false);
    });
    $('ranking-year').addEventListener('change', (e) => {
      state.ry = Number(e.target.value);
      renderAll(false);
    });
    $('ranking-among').addEventListener('change', (e) => {
      state.among = e.target.value;
      renderAll(false);
    });
    $('ranking-measure').addEventListener('change', (e) => {
      state.rm = e.target.value;
      renderAll(false);
    });
    $('provenance-close').addEventListener('click', () => {
      $('provenance').hidden = true;
    });
    await renderAll();
  }

  start();
})();
