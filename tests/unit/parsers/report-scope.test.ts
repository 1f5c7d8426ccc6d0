import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, parseReportText } from '../../../src/ingestion/parsers/report.parser';
import { decideScope, evidenceOf, sentencesOf, type ScopeText } from '../../../src/ingestion/parsers/report-scope';
import { FIXTURES } from '../../support/fixtures';

/**
 * Scope from the text: table-driven over sentences of real reports (the 平潭 summaries and archive, the
 * 深圳 and 广东 reports of tests/fixtures/reports), each with the organ its report names.
 */
const PINGTAN = '平潭综合实验区管委会';
const PINGTAN_OFFICE = '平潭综合实验区管委会办公室';

interface Case {
  name: string;
  text: Partial<ScopeText> & { prose: string };
  scope: 'OWN' | 'SUMMARY';
  signal: string | null;
  evidence: string | null;
}

const cases: Case[] = [
  // SUMMARY: the report says what it covers.
  {
    name: 'pingtan-2022: 汇总…各有关单位…编制而成',
    text: {
      organ: PINGTAN,
      prose:
        '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国办公开办函〔2021〕30号）等文件要求，汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成。',
    },
    scope: 'SUMMARY',
    signal: 'COVERAGE',
    evidence: '汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成',
  },
  {
    name: 'guangdong-2022: 涵盖…各地级以上市、县(市、区)政府和省政府各部门',
    text: {
      organ: '广东省人民政府',
      prose:
        '本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成,涵盖广东各地级以上市、县(市、区)政府和省政府各部门的政府信息公开工作情况。',
    },
    scope: 'SUMMARY',
    signal: 'COVERAGE',
    evidence: '涵盖广东各地级以上市、县(市、区)政府和省政府各部门的政府信息公开工作情况',
  },
  // SUMMARY: figures stated for the whole area or its organs.
  {
    name: 'shenzhen-2022: 全市各级行政机关共办理…9141件',
    text: {
      organ: '深圳市人民政府',
      prose:
        '2022年全市各级行政机关共办理政府信息公开申请9141件、比增64.5%,主要集中在城市更新、土地整备、行政执法、教育等涉及群众切身利益的领域。',
    },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '2022年全市各级行政机关共办理政府信息公开申请9141件',
  },
  {
    name: 'pingtan-2022: 全区收到…75件',
    text: { organ: PINGTAN, prose: '2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复。' },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复。',
  },
  {
    name: 'pingtan-2021: 全区共收到70件申请',
    text: { organ: PINGTAN, prose: '本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。' },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。',
  },
  {
    name: "pingtan-2021: 主动公开我区各级单位政府信息2645条 (the area's units after the verb)",
    text: {
      organ: PINGTAN,
      prose:
        '全年主动公开我区各级单位政府信息2645条，主要通过政府网站、政务新媒体、办公场所的LED屏及宣传栏、《平潭时报》、电视广播等媒介进行公开。',
    },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '全年主动公开我区各级单位政府信息2645条',
  },
  {
    name: 'pingtan-2019: 我区政府信息公开单位共公布…2599条, though the office compiled it',
    text: {
      organ: PINGTAN,
      prose:
        '根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《福建省政府信息公开办法》（以下简称《办法》）、《福建省人民政府办公厅关于印发福建省2019年政务公开工作主要任务的通知》要求，区管委会办公室编制完成了本报告。今年，我区政府信息公开单位共公布政府信息2599条，(其中机构职能类信息25条，政策、规范性文件类信息68条，规划计划类信息28条)对于主动公开的政府信息，主要通过政府门户网站、办公场所的宣传栏、《平潭时报》、电视广播等媒介发布公开。',
    },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '我区政府信息公开单位共公布政府信息2599条',
  },
  {
    name: 'hongze-2023 (PDF layout): 全区受理…21件',
    text: { organ: '淮安市洪泽区人民政府', prose: '依申请公开受理渠。2023 年全区受理政府信息公开申请 21 件，\n均在法定期限答复。' },
    scope: 'SUMMARY',
    signal: 'FIGURES',
    evidence: '2023年全区受理政府信息公开申请21件，均在法定期限答复。',
  },
  // SUMMARY, weaker: "our area", the place the organ governs, the area's organs as subject, an area title.
  {
    name: 'guangming-2022: 我区共受理…335宗',
    text: { organ: '深圳市光明区人民政府', prose: '2022年我区共受理政府信息公开申请335宗，同比增长30%。' },
    scope: 'SUMMARY',
    signal: 'AREA_FIGURES',
    evidence: '2022年我区共受理政府信息公开申请335宗，同比增长30%。',
  },
  {
    name: "shenshan-2024: the place in the organ's name as subject (深汕特别合作区共收到…162件)",
    text: {
      organ: '深圳市深汕特别合作区管理委员会',
      prose:
        '严格按照《条例》的要求，规范政府信息公开申请答复办理流程，2024年，深汕特别合作区共收到政府信息公开申请162件，上年度结转1件，办结159件，结转下年度办理4件。',
    },
    scope: 'SUMMARY',
    signal: 'AREA_FIGURES',
    evidence: '深汕特别合作区共收到政府信息公开申请162件',
  },
  {
    name: 'guangdong-2022: 全省各级行政机关 as the subject of the overview',
    text: {
      organ: '广东省人民政府',
      prose: '2022年,全省各级行政机关坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻党的十九大、二十大精神。',
    },
    scope: 'SUMMARY',
    signal: 'AREA_ORGANS',
    evidence: '2022年,全省各级行政机关坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻党的十九大、二十大精神。',
  },
  {
    name: 'pingtan-2024: only the title names the area (figures without a subject)',
    text: {
      organ: PINGTAN,
      title: '平潭综合实验区2024年度政府信息公开工作年度报告',
      prose: '强化与区直各部门协调联动，畅通信息查找渠道，满足企业、群众个性化政府信息需求。全年办理政府信息公开申请218件。',
    },
    scope: 'SUMMARY',
    signal: 'AREA_TITLE',
    evidence: '平潭综合实验区2024年度政府信息公开工作年度报告',
  },
  // OWN: figures stated for the organ; the organ compiled its own report.
  {
    name: 'futian-gxj-2023: 我局未收到…申请 (a zero)',
    text: { organ: '深圳市福田区工业和信息化局', prose: '2023年我局未收到政府信息公开申请。' },
    scope: 'OWN',
    signal: 'FIGURES',
    evidence: '2023年我局未收到政府信息公开申请。',
  },
  {
    name: 'gaj-gongan-2021: 我局收到…1件',
    text: {
      organ: '平潭综合实验区公安局',
      prose: '2021年，我局收到政府信息公开申请1件，已按照相关法规，逐级审查，作出补正告知，目前未收到该申请人提交的补正，结转下年度办理。',
    },
    scope: 'OWN',
    signal: 'FIGURES',
    evidence: '我局收到政府信息公开申请1件',
  },
  {
    name: 'gwh-guanweihui-2019: 我办 opens the sentence, the figure comes a clause later',
    text: {
      organ: PINGTAN_OFFICE,
      prose:
        '我办通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共33条，其中地方性法规、政府规章和规范性文件1条，机构设置、主要职能、办事程序1条，国民经济和社会发展规划、专项规划、区域规划及相关政策1条。',
    },
    scope: 'OWN',
    signal: 'FIGURES',
    evidence: '我办通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共33条',
  },
  {
    name: 'gwh-guanweihui-2020: the office compiled its own report',
    text: {
      organ: PINGTAN_OFFICE,
      prose: '根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，区管委会办公室编制完成本报告。',
    },
    scope: 'OWN',
    signal: 'COMPILED_BY_ORGAN',
    evidence: '根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，区管委会办公室编制完成本报告。',
  },
  {
    name: 'czj-caizheng-2024: 结合我局工作实际，现编制完成了本报告',
    text: {
      organ: '平潭综合实验区财政金融局',
      prose: '及区管委会办公室关于做好2024年政府信息公开工作年度报告编制公布工作的要求，结合我局工作实际，现编制完成了本报告。',
    },
    scope: 'OWN',
    signal: 'COMPILED_BY_ORGAN',
    evidence: '及区管委会办公室关于做好2024年政府信息公开工作年度报告编制公布工作的要求，结合我局工作实际，现编制完成了本报告。',
  },
  {
    name: 'a 片区 speaks for its own area (苏平片区主动公开…40条), which is not a jurisdiction',
    text: {
      organ: '平潭综合实验区苏平片区管理局',
      prose: '2019年9月以来，苏平片区主动公开政府信息40条，其中办理对外管理服务事项的依据、条件、程序1条。',
    },
    scope: 'OWN',
    signal: 'AREA_FIGURES',
    evidence: '2019年9月以来，苏平片区主动公开政府信息40条，其中办理对外管理服务事项的依据、条件、程序1条。',
  },
  // Nothing said either way: OWN by default, without evidence.
  {
    name: 'gwh-guanweihui-2023: 各单位…汇总 about following up rectification is no summary',
    text: {
      organ: PINGTAN_OFFICE,
      prose: '全年开展季度通报3次、月通报7次。同时实时跟进各单位整改情况，定期进行提醒、督促、汇总，并对相关责任人进行递进式效能问责。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: "pingtan-2019 compiled by the government's office: says nothing by itself",
    text: {
      organ: PINGTAN,
      prose: '根据《福建省人民政府办公厅关于印发福建省2019年政务公开工作主要任务的通知》要求，区管委会办公室编制完成了本报告。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: "hzs-shenpi-2022: a place inside an organ's channel name is not the area",
    text: {
      organ: '平潭综合实验区行政审批局',
      prose: '2022年，“平潭综合实验区行政审批局”微信公众号共发布信息81条，阅读量5743次，关注人数575人。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: 'nyn-nongye-2023: nor is the portal of the 管委会',
    text: {
      organ: '平潭综合实验区农业农村局',
      prose: '2023年通过“平潭综合实验区党委会管委会”政府门户网站主动公开政府信息260条，其中政策、规范性文件类7条。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: 'czj-caizheng-2021: 全区 after the figure is not its subject',
    text: {
      organ: '平潭综合实验区财政金融局',
      prose: '2021年主动公开政府信息198条，有效落实全区2021年政务公开工作要点，增强民众和企业信心。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: 'gaj-gongan-2024: 向全区群众公开宣讲 states no figure',
    text: {
      organ: '平潭综合实验区公安局',
      prose:
        '组织全警深入村居社区、工厂企业，向全区群众公开宣讲实验区便民利企政策、公安“放管服”改革举措，征集对公安机关政府信息公开工作的意见和建议。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: "htp-haitan-2020: 片区共受理…0件 in a 片区's report",
    text: { organ: '平潭综合实验区海坛片区管理局', prose: '2020年，片区共受理依申请公开 0 件。' },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: "a town's title is no area title",
    text: { organ: '佳县螅镇人民政府', title: '螅镇2022年政府信息公开工作年度报告', prose: '' },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
  {
    name: 'a title that names the government is no area title (2022年上海市政府信息公开…)',
    text: {
      organ: '上海市人民政府',
      title: '2022年上海市政府信息公开工作年度报告',
      prose: '全年上海市人民政府网站共发布各类信息46106条。',
    },
    scope: 'OWN',
    signal: null,
    evidence: null,
  },
];

describe('decideScope', () => {
  it.each(cases)('$name → $scope', ({ text, scope, signal, evidence }) => {
    const decision = decideScope({ title: null, organ: null, ...text });
    expect({ scope: decision.scope, signal: decision.signal, evidence: decision.evidence }).toEqual({ scope, signal, evidence });
    expect(decision.warnings).toEqual([]);
  });
});

describe('conflicting signals', () => {
  const area = '2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复。';
  const own = '2023年，我局共收到政府信息公开申请7份，其中法人申请1件、自然人申请6件，均依法予以办结。';
  const ours = '2022年我区共受理政府信息公开申请335宗，同比增长30%。';

  it('the stronger signal decides, and the warning names both sentences', () => {
    const decision = decideScope({ organ: '深圳市光明区人民政府', title: null, prose: ours + own });
    expect(decision).toMatchObject({ scope: 'OWN', signal: 'FIGURES', evidence: own });
    expect(decision.warnings).toEqual([
      `scope: OWN by «${own}» (figures stated for the organ), although «2022年我区共受理政府信息公开申请335宗，同比增长30%。» (figures stated for the area) points to SUMMARY; the stronger signal decides`,
    ]);
  });

  it('equally strong: the sentence whose figure the tables print decides', () => {
    expect(decideScope({ organ: null, title: null, prose: area + own, tableTotals: [7] })).toMatchObject({ scope: 'OWN', evidence: own });
    const summary = decideScope({ organ: null, title: null, prose: area + own, tableTotals: [75] });
    expect(summary).toMatchObject({ scope: 'SUMMARY', evidence: area });
    expect(summary.warnings[0]).toMatch(/the tables print its figure$/);
  });

  it('equally strong and the tables settle nothing: SUMMARY, never added on top of its members', () => {
    const decision = decideScope({ organ: null, title: null, prose: own + area });
    expect(decision).toMatchObject({ scope: 'SUMMARY', evidence: area });
    expect(decision.warnings).toHaveLength(1);
    expect(decision.warnings[0]).toContain(`«${own}» (figures stated for the organ) points to OWN`);
    expect(decision.warnings[0]).toMatch(/never added on top of its members$/);
  });

  it('a weak signal of the other side (an area title) is overruled without a warning', () => {
    const decision = decideScope({ organ: null, title: '平潭综合实验区2024年度政府信息公开工作年度报告', prose: own });
    expect(decision).toMatchObject({ scope: 'OWN', warnings: [] });
  });

  it("a department's report taken as SUMMARY is flagged", () => {
    const decision = decideScope({ organ: '深圳市教育局', organKind: 'DEPARTMENT', title: null, prose: area });
    expect(decision.scope).toBe('SUMMARY');
    expect(decision.warnings).toEqual([expect.stringMatching(/^scope: SUMMARY for a department's report .* give --scope OWN/)]);
  });
});

describe('national wordings (written in the way real reports put it)', () => {
  it.each([
    [
      '本报告由市人民政府信息公开工作领导小组办公室根据有关要求，汇总全市各县（市、区）、市政府各有关部门政府信息公开工作情况编制而成。',
      'SUMMARY',
      'COVERAGE',
    ],
    ['本年度报告综合本市各县（市、区）政府和市级各部门的政府信息公开年度工作报告编制而成。', 'SUMMARY', 'COVERAGE'],
    ['本报告中所列数据仅为市政府本级数据，不含各区。', 'OWN', 'COVERAGE'],
    ['2023年，全县各级行政机关共收到政府信息公开申请120件。', 'SUMMARY', 'FIGURES'],
    ['全市政府信息公开申请共计1523件，较上年增长12%。', 'SUMMARY', 'FIGURES'],
    ['2022年，市、区两级行政机关共新收政府信息公开申请2万余件。', 'SUMMARY', 'FIGURES'],
    ['本机关全年主动公开政府信息312条。', 'OWN', 'FIGURES'],
    ['2022年，我县收到政府信息依申请公开9件，上年结转1件。', 'SUMMARY', 'AREA_FIGURES'],
  ])('%s → %s (%s)', (prose, scope, signal) => {
    expect(decideScope({ organ: null, title: null, prose })).toMatchObject({ scope, signal });
  });

  it("a township's 全镇 figures are its own", () => {
    expect(decideScope({ organ: '某某县某某镇人民政府', title: null, prose: '2022年全镇共受理政府信息公开申请3件。' })).toMatchObject({
      scope: 'OWN',
    });
    expect(decideScope({ organ: '某某县某某镇人民政府', title: null, prose: '2022年，全区共受理政府信息公开申请3件。' })).toMatchObject({
      scope: 'OWN',
      signal: 'FIGURES',
    });
  });
});

describe('sentences and evidence', () => {
  it('joins PDF layout lines, splits at sentence ends and headings, and drops a heading run into its sentence', () => {
    expect(sentencesOf('一、总体情况\n2023 年，我区在政\n府网站公开信息。(一)主动公开情况2020年，我局共公开政府信息254条。')).toEqual([
      '一、总体情况',
      '2023年，我区在政府网站公开信息。',
      '2020年，我局共公开政府信息254条。',
    ]);
  });

  it('keeps a short sentence whole and cuts a long one to the clauses that hold the signal', () => {
    expect(evidenceOf('全年办理政府信息公开申请218件。', [{ index: 0, length: 4 }])).toBe('全年办理政府信息公开申请218件。');
    const long =
      '2022年全市各级行政机关共办理政府信息公开申请9141件、比增64.5%,主要集中在城市更新、土地整备、行政执法、教育等涉及群众切身利益的领域。';
    expect(evidenceOf(long, [{ index: 5, length: 24 }])).toBe('2022年全市各级行政机关共办理政府信息公开申请9141件');
    const parts =
      '我办通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共33条，其中地方性法规、政府规章和规范性文件1条，机构设置、主要职能、办事程序1条。';
    expect(
      evidenceOf(parts, [
        { index: 0, length: 2 },
        { index: 27, length: 13 },
      ]),
    ).toBe('我办通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共33条');
  });

  it('never returns more than about 60 characters for a long clause', () => {
    const clause = `我局认真贯彻落实${'《关于进一步推进政务公开工作的通知》'.repeat(4)}要求主动公开政府信息55条。`;
    const evidence = evidenceOf(clause, [{ index: clause.indexOf('主动公开'), length: 11 }]);
    expect(evidence.length).toBeLessThanOrEqual(62);
    expect(evidence).toContain('主动公开政府信息55条');
  });
});

describe('whole reports', () => {
  const parse = (...parts: string[]) => parseReport({ content: readFileSync(join(FIXTURES, ...parts)), fileName: parts[parts.length - 1] });

  it.each([
    ['pingtan-2019.src.txt', '我区政府信息公开单位共公布政府信息2599条'],
    ['pingtan-2021.src.txt', '全年主动公开我区各级单位政府信息2645条'],
    ['pingtan-2022.src.txt', '汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成'],
    ['pingtan-2024.src.txt', '平潭综合实验区2024年度政府信息公开工作年度报告'],
  ])("平潭's area-wide report %s is a SUMMARY: «%s»", async (file, evidence) => {
    const r = await parse('complete', file);
    expect({ organ: r.organ, scope: r.scope, scopeEvidence: r.scopeEvidence }).toEqual({
      organ: PINGTAN,
      scope: 'SUMMARY',
      scopeEvidence: evidence,
    });
    expect(r.warnings.filter((w) => w.startsWith('scope'))).toEqual([]);
  });

  it('深圳市人民政府 2022 (tables stripped) states its figures for 全市: SUMMARY', async () => {
    const r = await parse('seed', 'shenzhen-2022.txt');
    expect({ scope: r.scope, scopeEvidence: r.scopeEvidence }).toEqual({
      scope: 'SUMMARY',
      scopeEvidence: '2022年全市各级行政机关共办理政府信息公开申请9141件',
    });
  });

  it("淮安市洪泽区人民政府 2023 states its table's 21 applications for 全区: SUMMARY", async () => {
    const r = await parse('complete', 'hongze-district-2023.src.pdf');
    expect({ scope: r.scope, scopeEvidence: r.scopeEvidence }).toEqual({
      scope: 'SUMMARY',
      scopeEvidence: '2023年全区受理政府信息公开申请21件,均在法定期限答复。',
    });
    expect(r.observations.find((o) => o.indicator === 'applications.new.total')?.value).toBe(21);
  });

  it.each([['shanghai-office-2019.src.txt'], ['shanghai-office-2025.src.md']])(
    '上海市人民政府办公厅 %s says nothing of an area: OWN',
    async (file) => {
      const r = await parse('complete', file);
      expect({ scope: r.scope, scopeEvidence: r.scopeEvidence }).toEqual({ scope: 'OWN', scopeEvidence: null });
    },
  );

  // Evidence is quoted from the normalised text (NFKC: full-width commas become `,`).
  // Openings of reports of 平潭's departments, 片区 and government office (pingtan-archive), cut to the
  // sentences that matter; each is OWN.
  const OPENING = '根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《福建省政府信息公开办法》（以下简称《办法》）';
  it.each([
    [
      'gwh-guanweihui-2023 (管委会办公室; was SUMMARY for its 汇总)',
      `标题: 平潭综合实验区管委会办公室2023年度政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》（国务院令第711号）、《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国办公开办函〔2021〕30号）等文件要求，特编制本报告。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。同时实时跟进各单位整改情况，定期进行提醒、督促、汇总，并对相关责任人进行递进式效能问责。2023年接收通过邮寄、网络提交的各类政府信息公开申请21件，主要涉及征地拆迁、统计信息等方面，21件公开申请均在法定时限内办理，办结率100%。`,
      PINGTAN_OFFICE,
      null,
    ],
    [
      'gwh-guanweihui-2019 (管委会办公室)',
      `标题: 平潭综合实验区管委会办公室2019年度政府信息公开工作年度报告\n${OPENING}要求，区管委会办公室编制完成了本报告。我办通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共33条，其中地方性法规、政府规章和规范性文件1条，机构设置、主要职能、办事程序1条，国民经济和社会发展规划、专项规划、区域规划及相关政策1条。`,
      PINGTAN_OFFICE,
      '我办通过政府门户网站主动公开应主动公开的政府信息,全年公开公文类政府信息共33条',
    ],
    [
      'czj-caizheng-2024 (a department)',
      `标题: 平潭综合实验区财政金融局2024年度政府信息公开工作年度报告\n${OPENING}及区管委会办公室关于做好2024年政府信息公开工作年度报告编制公布工作的要求，结合我局工作实际，现编制完成了本报告。2024年我局共收到政府网站上政府信息公开申请件2件，办结依申请2件，其中公开答复1件，无法提供1件 。`,
      '平潭综合实验区财政金融局',
      '2024年我局共收到政府网站上政府信息公开申请件2件,办结依申请2件,其中公开答复1件,无法提供1件。',
    ],
    [
      'htp-haitan-2020 (a 片区管理局)',
      `标题: 平潭综合实验区海坛片区管理局2020年度政府信息公开工作年度报告\n${OPENING}要求，结合我局工作实际，现编制完成了本报告。一、总体情况\u3000（一）主动公开情况2020年，我局共公开政府信息254条，信息类别包括行政法规、规章和规范性文件1条；在“基层政务公开标准化规范化建设”专题专栏公开信息10条。（二）依申请公开情况 2020年，片区共受理依申请公开 0 件。`,
      '平潭综合实验区海坛片区管理局',
      '2020年,我局共公开政府信息254条,信息类别包括行政法规、规章和规范性文件1条',
    ],
  ])('%s is OWN', (_name, text, organ, evidence) => {
    const r = parseReportText(text);
    expect({ organ: r.organ, scope: r.scope, scopeEvidence: r.scopeEvidence }).toEqual({ organ, scope: 'OWN', scopeEvidence: evidence });
  });
});
