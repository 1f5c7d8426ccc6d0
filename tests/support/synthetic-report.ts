import { TABLE2_LAYOUT, TABLE3_COLUMNS, TABLE4_CODES, table3Layout } from '../../src/ingestion/parsers/format-layout';
import type { SyntheticReport } from '../../src/synthetic/report-values';

/**
 * Renderers of synthetic annual reports to the shapes real reports come in, for the parser's property
 * tests. The values come from src/synthetic/report-values.ts (shared with the national data generator).
 */
export { generateReportValues, seededRng, type GenerateOptions, type Rng, type SyntheticReport } from '../../src/synthetic/report-values';

interface RenderRow {
  label: string;
  codes: string[];
}

function table2Rows(r: SyntheticReport): { heading: string; header: string[]; rows: RenderRow[] }[] {
  const layout = TABLE2_LAYOUT[r.version].filter((row) => !row.prefix.startsWith('proactive.local_ext.'));
  const groups: Record<string, string[]> =
    r.version === '2019'
      ? {
          '（一）': ['规章', '规范性文件'],
          '（五）': ['行政许可', '其他对外管理服务事项'],
          '（六）': ['行政处罚', '行政强制'],
          '（八）': ['行政事业性收费'],
          '（九）': ['政府集中采购'],
        }
      : { '（一）': ['规章', '行政规范性文件'], '（五）': ['行政许可'], '（六）': ['行政处罚', '行政强制'], '（八）': ['行政事业性收费'] };
  return Object.entries(groups).map(([item, labels]) => {
    const specs = labels.map((l) => layout.find((s) => s.label === l)).filter((s) => s !== undefined);
    return {
      heading: `第二十条第${item}项`,
      header: ['信息内容', ...specs[0].columns.map((c) => c.label)],
      rows: specs.map((s) => ({ label: s.label, codes: s.columns.map((c) => `${s.prefix}.${c.code}`) })),
    };
  });
}

interface Table3RenderRow extends RenderRow {
  /** Group label printed in a merged cell before the row (`（三）不予公开`), on the group's first row. */
  group: string | null;
  groupSize: number;
  outcome: boolean;
}

const GROUPS: [RegExp, string][] = [
  [/^outcome\.withheld\./, '（三）不予公开'],
  [/^outcome\.unable\./, '（四）无法提供'],
  [/^outcome\.not_processed\./, '（五）不予处理'],
  [/^outcome\.other\.(?!subtotal)/, '（六）其他处理'],
];

function table3Rows(r: SyntheticReport): Table3RenderRow[] {
  const split = r.cells.has('outcome.other.no_correction.total');
  const specs = table3Layout(split ? 'split' : 'single');
  return specs.map((s, i) => {
    const g = GROUPS.find(([re]) => re.test(s.code));
    const first = g && !(i > 0 && g[0].test(specs[i - 1].code));
    return {
      label: s.label,
      codes: TABLE3_COLUMNS.map((c) => `${s.code}.${c.code}`),
      group: g && first ? g[1] : null,
      groupSize: g ? specs.filter((x) => g[0].test(x.code)).length : 0,
      outcome: s.role === 'outcome' || s.role === 'total',
    };
  });
}

const CAPTION = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T4_HEAD = '结果维持结果纠正其他结果尚未审结总计';

function opening(r: SyntheticReport): string {
  return `${r.organ}${r.year}年政府信息公开工作年度报告\n本报告由${r.organ}办公室根据《中华人民共和国政府信息公开条例》编制。`;
}

/** An HTML page with the three tables as `<table>` markup (merged header cells via colspan/rowspan). */
export function renderHtmlReport(r: SyntheticReport): string {
  const td = (t: string | number, attrs = '') => `<td${attrs}>${t}</td>`;
  const v = (code: string) => td(r.cells.get(code) ?? '');
  let html = `<html><head><meta charset="utf-8"><title>${r.organ}</title></head><body>`;
  html += `<h1>${r.organ}${r.year}年政府信息公开工作年度报告</h1><p>${opening(r).split('\n')[1]}</p><p>一、总体情况</p><p>二、主动公开政府信息情况</p>`;
  for (const g of table2Rows(r)) {
    html += `<table><tr>${td(g.heading, ` colspan="${g.header.length}"`)}</tr><tr>${g.header.map((h) => td(h)).join('')}</tr>`;
    for (const row of g.rows) html += `<tr>${td(row.label)}${row.codes.map(v).join('')}</tr>`;
    html += '</table>';
  }
  html += '<p>三、收到和处理政府信息公开申请情况</p><table>';
  html += `<tr>${td(CAPTION, ' colspan="3" rowspan="3"')}${td('申请人情况', ' colspan="7"')}</tr>`;
  html += `<tr>${td('自然人', ' rowspan="2"')}${td('法人或其他组织', ' colspan="5"')}${td('总计', ' rowspan="2"')}</tr>`;
  html += `<tr>${['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((h) => td(h)).join('')}</tr>`;
  const t3 = table3Rows(r);
  const outcomeCount = t3.filter((x) => x.outcome).length;
  let outcomeSeen = false;
  for (const row of t3) {
    let label = '';
    if (row.outcome && !outcomeSeen) {
      label += td('三、本年度办理结果', ` rowspan="${outcomeCount}"`);
      outcomeSeen = true;
    }
    if (!row.outcome) label += td(row.label, ' colspan="3"');
    else if (row.groupSize === 0) label += td(row.label, ' colspan="2"');
    else label += (row.group ? td(row.group, ` rowspan="${row.groupSize}"`) : '') + td(row.label);
    html += `<tr>${label}${row.codes.map(v).join('')}</tr>`;
  }
  html += '</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>';
  html += `<tr>${td('行政复议', ' colspan="5"')}${td('行政诉讼', ' colspan="10"')}</tr>`;
  html += `<tr>${['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((h) => td(h, ' rowspan="2"')).join('')}${td('未经复议直接起诉', ' colspan="5"')}${td('复议后起诉', ' colspan="5"')}</tr>`;
  html += `<tr>${['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    .map((h) => td(h))
    .join('')
    .repeat(2)}</tr>`;
  html += `<tr>${TABLE4_CODES.map(v).join('')}</tr></table>`;
  html += '<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>';
  return html;
}

/** Crawler text of the same page with the tables flattened: labels followed directly by digit runs. */
export function renderFlattenedText(r: SyntheticReport): string {
  const n = (code: string) => String(r.cells.get(code) ?? '');
  let t = `${opening(r)}一、总体情况 略。二、主动公开政府信息情况 `;
  for (const g of table2Rows(r)) {
    t += g.heading + g.header.join('');
    for (const row of g.rows) t += row.label + row.codes.map(n).join('');
  }
  t += `三、收到和处理政府信息公开申请情况${CAPTION}申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他`;
  for (const row of table3Rows(r)) {
    t += (row.label.includes('予以公开') ? '三、本年度办理结果' : '') + (row.group ?? '') + row.label + row.codes.map(n).join('');
  }
  t += `四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼${T4_HEAD}未经复议直接起诉复议后起诉${T4_HEAD}${T4_HEAD}`;
  t += TABLE4_CODES.map(n).join('');
  t += '五、存在的主要问题及改进情况无。六、其他需要报告的事项无。';
  return t;
}
