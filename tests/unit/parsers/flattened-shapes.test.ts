import { parseReportText } from '../../../src/ingestion/parsers/report.parser';
import type { ParsedReport } from '../../../src/ingestion/parsers/parsed-report';
import { checkConsistency } from '../../../src/reports/consistency';

/**
 * Shapes met in the 平潭 archive's flattened pages (tables without cell separators), as excerpts: each
 * case is the rule it pins. A value is either the printed figure or absent with a reason — never a
 * neighbouring row's or column's figure.
 */
const head = '平潭综合实验区某局2021年度政府信息公开工作年度报告\n';
const T3_HEADER =
  '三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他';
const OUTCOME_ROWS = [
  '（三）不予公开1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '（四）无法提供1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '（五）不予处理1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
];
const T4 =
  '四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计';

function table3(rows: Record<string, string>, other: string): string {
  const cells = (label: string) => rows[label] ?? '0000000';
  return (
    T3_HEADER +
    `一、本年新收政府信息公开申请数量${cells('new')}二、上年结转政府信息公开申请数量${cells('carried')}三、本年度办理结果（一）予以公开${cells('disclosed')}（二）部分公开（区分处理的，只计这一情形，不计其他情形）${cells('partial')}` +
    OUTCOME_ROWS.map((l) => `${l}${cells(l)}`).join('') +
    other +
    `四、结转下年度继续办理${cells('forward')}`
  );
}

const parse = (text: string) => parseReportText(head + text);
const values = (r: ParsedReport) => new Map(r.observations.map((o) => [o.indicator, o.value]));
const reasonOf = (r: ParsedReport, code: string) => r.missing.find((m) => m.indicators.includes(code))?.reason;

describe('flattened table 3', () => {
  it('a row printed without cells lets its label run into the next row: the cells belong to the last label', () => {
    const r = parse(
      table3(
        { new: '5000005', disclosed: '3000003', '7.属于行政执法案卷': '2000002' },
        '（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请3.其他（七）总计5000005',
      ) +
        T4 +
        '000000000000000五、存在的主要问题',
    );
    const v = values(r);
    expect([v.get('outcome.total.natural_person'), v.get('outcome.total.total')]).toEqual([5, 5]);
    expect(v.has('outcome.other.other.natural_person')).toBe(false);
    expect(reasonOf(r, 'outcome.other.other.total')).toBe('row printed without cells');
    expect(reasonOf(r, 'outcome.other.fee_unpaid.total')).toBe('row printed without cells');
    expect(checkConsistency(new Map(r.observations.map((o) => [o.indicator, o.value]))).filter((c) => c.status === 'FAIL')).toEqual([]);
  });

  it('a digit run that splits one way only is read as printed even when its 总计 disagrees; I2 flags it', () => {
    // 海坛片区 2024 printed 0 in the 总计 column of every row.
    const r = parse(
      table3(
        { new: '5100000', '1.本机关不掌握相关政府信息': '4000000', '3.补正后申请内容仍不明确': '1000000' },
        '（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0100000（七）总计5100000',
      ) +
        T4 +
        '000000000000000五、',
    );
    const v = values(r);
    expect([v.get('applications.new.natural_person'), v.get('applications.new.commercial'), v.get('applications.new.total')]).toEqual([
      5, 1, 0,
    ]);
    const failed = checkConsistency(new Map(r.observations.map((o) => [o.indicator, o.value]))).filter((c) => c.status === 'FAIL');
    expect(failed.map((c) => `${c.identity}:${c.scope}`)).toContain('I2:applications.new');
  });

  it('tokens split by stray spaces are split further only where a token cannot be one cell (`160 02 0 018`)', () => {
    const r = parse(
      table3(
        { new: '160 02 0 018', disclosed: '120 02 0 014', '7.属于行政执法案卷': '40 0 0 0 04' },
        '（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000（七）总计160 02 0 018',
      ) +
        T4 +
        '000000000000000五、',
    );
    const v = values(r);
    expect(['natural_person', 'public_interest', 'total'].map((c) => v.get(`applications.new.${c}`))).toEqual([16, 2, 18]);
    expect(['natural_person', 'public_interest', 'total'].map((c) => v.get(`outcome.disclosed.${c}`))).toEqual([12, 2, 14]);
  });

  it('PDF rows whose empty cells were dropped are not read as digit runs', () => {
    const r = parse(
      table3({ new: ' 1259 36 1295 ', carried: ' 170 15 4 189 ', disclosed: ' 201 5 206 ' }, '（六）其他处理0000000（七）总计0000000'),
    );
    for (const row of ['applications.new', 'applications.carried_over', 'outcome.disclosed']) {
      expect([row, values(r).has(`${row}.total`), values(r).has(`${row}.natural_person`)]).toEqual([row, false, false]);
      expect(reasonOf(r, `${row}.total`)).toMatch(/columns unknown/);
    }
  });

  it('a row that prints six cells for seven columns is declared missing, not shifted', () => {
    const r = parse(
      table3(
        { forward: '000000' },
        '（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000（七）总计0000000',
      ) +
        T4 +
        '000000000000000五、',
    );
    expect(values(r).has('applications.carried_forward.total')).toBe(false);
    expect(reasonOf(r, 'applications.carried_forward.total')).toMatch(/cells|split/);
  });
});

describe('flattened table 2', () => {
  const t2 = (rows: string) =>
    parse(
      `二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量${rows}三、收到和处理政府信息公开申请情况`,
    );

  it('a sign run into its neighbour starts the signed 本年增/减 cell', () => {
    const r = t2(
      '规章000规范性文件335第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可1-10其他对外管理服务事项0+11第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15',
    );
    const v = values(r);
    // `1-10`: 1 | −1 | 0, or 1 | - (a placeholder) | 10: only 上一年项目数量 is certain.
    expect(['prev_year_items', 'items_change', 'decisions'].map((c) => v.get(`proactive.licensing.${c}`))).toEqual([
      1,
      undefined,
      undefined,
    ]);
    expect(['prev_year_items', 'items_change', 'decisions'].map((c) => v.get(`proactive.other_mgmt_services.${c}`))).toEqual([0, 1, 1]);
    expect([v.get('proactive.admin_fees.prev_year_items'), v.get('proactive.admin_fees.items_change')]).toEqual([35, -15]);
  });

  it('a split that stays ambiguous is declared missing with its candidates; agreed cells are kept', () => {
    const r = t2('规章000规范性文件335第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可88-720');
    const v = values(r);
    expect(v.get('proactive.licensing.prev_year_items')).toBe(88);
    expect(v.has('proactive.licensing.items_change')).toBe(false);
    const part = r.missing.find((m) => m.indicators.includes('proactive.licensing.items_change'));
    expect(part?.candidates?.values).toEqual([
      [88, -7, 20],
      [88, -72, 0],
      [88, null, 720],
    ]);
  });

  it('a placeholder run into the digits is a cell of the row, not its end (`312/5`, `100——`)', () => {
    const r = t2(
      '规章000规范性文件000第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可312/5其他对外管理服务事项100——第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚000行政强制000',
    );
    const v = values(r);
    expect(['prev_year_items', 'items_change', 'decisions'].map((c) => v.get(`proactive.licensing.${c}`))).toEqual([312, null, 5]);
    expect(v.has('proactive.other_mgmt_services.prev_year_items')).toBe(false);
    expect(reasonOf(r, 'proactive.other_mgmt_services.prev_year_items')).toMatch(/ambiguous/);
  });

  it('digits grouped by thousands are one number (PDF text)', () => {
    const r = parse(
      '二、主动公开政府信息情况\n第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 5 0 1,205\n第二十条第（五）项 信息内容 本年处理决定数量\n行政许可 12,345\n三、收到和处理政府信息公开申请情况',
    );
    const v = values(r);
    expect([v.get('proactive.normative_docs.in_force'), v.get('proactive.licensing.decisions')]).toEqual([1205, 12345]);
  });

  it('a number alone on the next line (a page number) does not join a row whose label shares its line', () => {
    const r = parse(
      '二、主动公开政府信息情况\n第二十条第（八）项 信息内容 上一年项目数量 本年增/减\n行政事业性收费        35\n4\n三、收到和处理政府信息公开申请情况',
    );
    expect(values(r).has('proactive.admin_fees.items_change')).toBe(false);
  });

  it('count and amount with their units: `1个246900元`, `2笔 984361元`', () => {
    const a = values(t2('规章000规范性文件000第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购1个246900元'));
    expect([a.get('proactive.central_procurement.projects'), a.get('proactive.central_procurement.amount')]).toEqual([1, 246900]);
    const b = values(t2('规章000规范性文件000第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购2笔 984361元'));
    expect([b.get('proactive.central_procurement.projects'), b.get('proactive.central_procurement.amount')]).toEqual([2, 984361]);
  });

  it('valid numbers separated by spaces, fewer than the columns: columns unknown (empty cells dropped)', () => {
    const r = parse(
      '二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 0 0 0行政规范性文件 20 155 第二十条第（五）项信息内容本年处理决定数量行政许可0三、收到和处理政府信息公开申请情况',
    );
    expect(values(r).has('proactive.normative_docs.in_force')).toBe(false);
    expect(reasonOf(r, 'proactive.normative_docs.in_force')).toBe('2 of 3 cells printed; columns unknown');
  });

  it('a narrative figure that names what it counts settles the split (`本年度制发规范性文件34件`)', () => {
    const r = parse(
      '一、总体情况本年度制发规范性文件34件。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件34089第二十条第（五）项信息内容本年处理决定数量行政许可0三、收到和处理政府信息公开申请情况',
    );
    const v = values(r);
    expect(['issued', 'repealed', 'in_force'].map((c) => v.get(`proactive.normative_docs.${c}`))).toEqual([34, 0, 89]);
  });
});

describe('table 4 and the sections around it', () => {
  it('three small tables under their own headings are read, not reported absent', () => {
    const r = parse(
      [
        '四、政府信息公开行政复议、行政诉讼情况',
        '行政复议',
        '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
        '|---|---|---|---|---|',
        '| 1 | 0 | 0 | 1 | 2 |',
        '行政诉讼（未经复议直接起诉）',
        '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
        '|---|---|---|---|---|',
        '| 0 | 0 | 0 | 3 | 3 |',
        '行政诉讼（复议后起诉）',
        '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
        '|---|---|---|---|---|',
        '| 0 | 1 | 0 | 0 | 1 |',
        '五、存在的主要问题及改进情况',
      ].join('\n'),
    );
    const v = values(r);
    expect(
      [
        'review.total',
        'review.pending',
        'litigation.direct.pending',
        'litigation.direct.total',
        'litigation.after_review.corrected',
        'litigation.after_review.total',
      ].map((c) => v.get(c)),
    ).toEqual([2, 1, 3, 3, 1, 1]);
  });

  it('three small tables flattened: each group split under its own 总计', () => {
    const r = parse(
      '四、政府信息公开行政复议、行政诉讼情况行政复议结果维持结果纠正其他结果尚未审结总计10012行政诉讼（复议后起诉）结果维持结果纠正其他结果尚未审结总计01001行政诉讼（未经复议直接起诉）结果维持结果纠正其他结果尚未审结总计00033五、存在的主要问题',
    );
    const v = values(r);
    expect([v.get('review.total'), v.get('litigation.direct.total'), v.get('litigation.after_review.corrected')]).toEqual([2, 3, 1]);
  });

  it('a row of 14 and a page number are not joined into 15', () => {
    const r = parse(`${T4}\n2  0  1  1  4  1  0  0  1  2  0  0  0  0\n6\n五、存在的主要问题`);
    expect(r.observations.filter((o) => o.table === 'table4')).toEqual([]);
  });

  it('fees printed as a table: one line of cells, a placeholder is blank, nothing read beyond the line', () => {
    const r = parse(
      '六、其他需要报告的事项\n发出收费通知件数 收费通知金额（元） 实际收取金额（元）\n    /      0      0\n2024 年 1 月 20 日',
    );
    const v = new Map(r.observations.map((o) => [o.indicator, o]));
    expect([
      v.get('fees.info_processing.notices')?.status,
      v.get('fees.info_processing.amount_notified_yuan')?.value,
      v.get('fees.info_processing.amount_collected_yuan')?.value,
    ]).toEqual([undefined, 0, 0]);
  });

  it('a 15-digit run that splits one way only is read as printed; I4 flags the 总计 printed 0', () => {
    const r = parse(`${T4}100000000000000五、存在的主要问题`);
    const v = values(r);
    expect([v.get('review.upheld'), v.get('review.total')]).toEqual([1, 0]);
  });

  it('a report with a section of its own numbers the tables 三、四、五', () => {
    const r = parse(
      '一、总体情况。二、政务公开工作主要任务落实情况。三、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 0 0 0 规范性文件 5 5 5 ' +
        '四、收到和处理政府信息公开申请情况 ' +
        T3_HEADER.slice(T3_HEADER.indexOf('申请人情况')) +
        ' 一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1 ' +
        '五、政府信息公开行政复议、行政诉讼情况 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 六、存在的主要问题及改进情况 七、其他需要报告的事项 本年度无收取信息处理费情况。',
    );
    const v = values(r);
    expect([v.get('proactive.normative_docs.total_published'), v.get('applications.new.total'), v.get('review.total')]).toEqual([5, 1, 0]);
  });
});
