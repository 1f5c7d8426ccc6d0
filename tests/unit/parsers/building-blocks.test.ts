import { consensus, narrow, readRowTokens } from '../../../src/ingestion/parsers/digit-run-splitter';
import { labelScore } from '../../../src/ingestion/parsers/label-matcher';
import { normaliseText, readCell } from '../../../src/ingestion/parsers/normalise';
import { parseReportText } from '../../../src/ingestion/parsers/report.parser';

describe('readCell', () => {
  it.each([
    ['0', { kind: 'value', value: 0, note: null }],
    ['22(其中修订16件)', { kind: 'value', value: 22, note: '其中修订16件' }],
    ['55 (含自然失效29件)', { kind: 'value', value: 55, note: '含自然失效29件' }],
    ['减4', { kind: 'value', value: -4, note: null }],
    ['增3', { kind: 'value', value: 3, note: null }],
    ['-8', { kind: 'value', value: -8, note: null }],
    ['251000元', { kind: 'value', value: 251000, note: null }],
    ['1,234', { kind: 'value', value: 1234, note: null }],
    ['7730.28', { kind: 'value', value: 7730.28, note: null }],
  ])('%s is a value', (raw, expected) => {
    expect(readCell(raw)).toEqual(expected);
  });

  it.each(['', ' ', '/', '—', '-', '－', '_', '无'])('%j is a blank', (raw) => {
    expect(readCell(raw)).toEqual({ kind: 'blank' });
  });

  it('text is text', () => {
    expect(readCell('行政许可').kind).toBe('text');
  });
});

describe('normaliseText', () => {
  it('full-width digits, traditional script, pinyin insertions, page footers', () => {
    const { text } = normaliseText('政府信息公開工作年度報(bào)告\n規範性檔案 ２３\n— 5 —\n行政處罰 項目數量 總計 審結 復議 訴訟');
    expect(text).toContain('政府信息公开工作年度报告');
    expect(text).toContain('规范性文件 23');
    expect(text).not.toContain('— 5 —');
  });
});

describe('digit-run splitting', () => {
  const run = (...raws: string[]) => raws.map((raw, i) => ({ raw, spaceBefore: i > 0 }));
  // A single token set apart from its label by white space may be one cell (PDF): not proven a run.
  it('a single number apart from its label is not split; run into the label it is', () => {
    expect(readRowTokens([{ raw: '35', spaceBefore: true }], ['count', 'change']).how).toBe('unreadable');
    expect(readRowTokens([{ raw: '35', spaceBefore: false }], ['count', 'change']).candidates).toEqual([[3, 5]]);
  });
  const counts = (n: number) => new Array<'count'>(n).fill('count');

  it('table-3 row: seven cells run together', () => {
    expect(readRowTokens(run('270020130'), counts(7)).candidates).toEqual(expect.arrayContaining([[27, 0, 0, 2, 0, 1, 30]]));
    expect(readRowTokens(run('0000000'), counts(7))).toMatchObject({ how: 'split', candidates: [[0, 0, 0, 0, 0, 0, 0]] });
    expect(readRowTokens(run('123'), counts(7)).how).toBe('unreadable');
  });

  it('spaces are cell boundaries; a token that cannot be one cell proves the digits ran together', () => {
    const r = readRowTokens(run('160', '02', '0', '018'), counts(7));
    expect(r).toMatchObject({ how: 'split', proven: true });
    expect(r.candidates).toContainEqual([16, 0, 0, 2, 0, 0, 18]);
    expect(r.candidates.every((c) => c[3] === 2 || c[4] === 2 || c[2] === 2)).toBe(true);
    // Valid numbers separated by spaces, fewer than the columns: empty cells were dropped, columns unknown.
    expect(readRowTokens(run('20', '155'), counts(3))).toMatchObject({
      how: 'unreadable',
      reason: '2 of 3 cells printed; columns unknown',
    });
    expect(readRowTokens(run('500000', '5'), counts(7), { splitSpaced: true })).toMatchObject({
      how: 'split',
      proven: false,
      candidates: [[5, 0, 0, 0, 0, 0, 5]],
    });
  });

  it('a sign starts the signed change cell; units end a cell', () => {
    const kinds = ['count', 'change', 'count'] as const;
    const signed = (...raws: string[]) => raws.map((raw, i) => ({ raw, spaceBefore: i > 0 && !/^[-+减增]/.test(raw) }));
    // A `-` run into the digits before it is a minus sign or a `-` placeholder: both readings stay.
    expect(readRowTokens(signed('1', '-10'), [...kinds]).candidates).toEqual([
      [1, -1, 0],
      [1, null, 10],
    ]);
    expect(
      readRowTokens(
        [
          { raw: '1', spaceBefore: false },
          { raw: '-10', spaceBefore: true },
        ],
        ['count', 'change'],
      ).candidates,
    ).toEqual([[1, -10]]);
    expect(readRowTokens(signed('0', '+11'), [...kinds]).candidates).toEqual([[0, 1, 1]]);
    expect(readRowTokens(signed('88', '-720'), [...kinds]).candidates).toEqual([
      [88, -7, 20],
      [88, -72, 0],
      [88, null, 720],
    ]);
    expect(readRowTokens(signed('35', '-15'), ['count', 'change']).candidates).toEqual([[35, -15]]);
    // A placeholder run into the digits is one cell of the row, or as many as its characters.
    const run = (...raws: string[]) => raws.map((raw) => ({ raw, spaceBefore: false }));
    expect(readRowTokens(run('312', '/', '5'), [...kinds]).candidates).toEqual([[312, null, 5]]);
    expect(consensus(readRowTokens(run('100', '——'), [...kinds]).candidates)).toEqual([undefined, undefined, null]);
    expect(readRowTokens(signed('16', '减12'), ['count', 'change']).candidates).toEqual([[16, -12]]);
    expect(readRowTokens(run('2笔', '984361元'), ['count', 'money']).candidates).toEqual([[2, 984361]]);
    expect(
      readRowTokens(
        [
          { raw: '1个', spaceBefore: false },
          { raw: '246900元', spaceBefore: false },
        ],
        ['count', 'money'],
      ).candidates,
    ).toEqual([[1, 246900]]);
    // A sign never goes to a count column, a decimal never to a count column.
    expect(readRowTokens(signed('-3'), ['count']).how).toBe('unreadable');
    expect(readRowTokens(run('3.5'), ['count']).how).toBe('unreadable');
  });

  it('free split with a money column; consensus keeps only agreed cells', () => {
    const { candidates } = readRowTokens(run('13575394432.52元'), ['count', 'money']);
    expect(candidates).toContainEqual([135, 75394432.52]);
    expect(consensus(candidates)).toEqual([undefined, undefined]);
    expect(
      consensus([
        [62, 3, 3440],
        [62, 33, 440],
      ]),
    ).toEqual([62, undefined, undefined]);
    expect(
      consensus([
        [null, 1],
        [null, 2],
      ]),
    ).toEqual([null, undefined]);
  });

  it('evidence narrows the candidates unless it rejects them all', () => {
    expect(narrow([[1], [2]], (c) => c[0] === 2)).toEqual({ kept: [[2]], applied: true });
    expect(narrow([[1], [2]], (c) => c[0] === 3)).toEqual({ kept: [[1], [2]], applied: false });
  });
});

describe('labelScore', () => {
  it('tolerates typos, spaces and bracketed instructions; prefers the label nearest the cells', () => {
    expect(labelScore('2.其他法律行政止公开', '2其他法律行政法规禁止公开')).toBeGreaterThan(0.6);
    expect(labelScore('4.无正当理由大量反复 申请', '4无正当理由大量反复申请')).toBe(1);
    expect(labelScore('规章(设区的市、自治州人民政府应提供相关数据)', '规章')).toBe(1);
    expect(labelScore('信息内容本年新制作数量本年新公开数量对外公开总数量规章', '规章')).toBe(1);
    expect(labelScore('规范性文件', '规章')).toBe(0);
    expect(
      labelScore('申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量', '总计'),
    ).toBeLessThan(
      labelScore(
        '申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量',
        '本年新收政府信息公开申请数量',
      ),
    );
  });
});

describe('table shapes', () => {
  const head = '某区人民政府2023年政府信息公开工作年度报告\n';
  const values = (text: string) => new Map(parseReportText(head + text).observations.map((o) => [o.indicator, o.value]));

  it('PDF text: cells separated by spaces, a page footer and a label split over two lines inside the table', () => {
    const v = values(
      [
        '三、收到和处理政府信息公开申请情况',
        '一、本年新收政府信息公开申请数量   3   1   0   0   0   0   4',
        '二、上年结转政府信息公开申请数量   0   0   0   0   0   0   0',
        '（一）予以公开   2   1   0   0   0   0   3',
        '                                         - 3 -',
        '（二）部分公开（区分处理的，只计这一情 形，不',
        '计其他情形）',
        '     1   0   0   0   0   0   1',
        '四、政府信息公开行政复议、行政诉讼情况',
        '1 0 0 0 1 0 0 0 0 0 0 0 0 0 0',
        '五、存在的主要问题及改进情况',
      ].join('\n'),
    );
    expect([v.get('outcome.disclosed.total'), v.get('outcome.partially_disclosed.natural_person'), v.get('review.total')]).toEqual([
      3, 1, 1,
    ]);
  });

  it('one cell per line with `/` placeholders', () => {
    const report = parseReportText(
      head +
        '二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n/\n/\n/\n行政规范性文件\n5\n0\n12\n三、收到和处理政府信息公开申请情况\n',
    );
    const cells = new Map(report.observations.map((o) => [o.indicator, o]));
    expect(cells.get('proactive.regulations.issued')?.status).toBe('BLANK');
    expect(cells.get('proactive.normative_docs.in_force')?.value).toBe(12);
    expect(report.formatVersion).toBe('2021');
  });

  it('an unknown local row in table 2 is ignored with a warning, not a failure', () => {
    const report = parseReportText(
      head +
        '二、主动公开政府信息情况\n第二十条第（一）项 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n某某特色文件 | 3 | 1 | 2\n行政规范性文件 | 1 | 0 | 9\n三、收到和处理政府信息公开申请情况\n',
    );
    expect(report.observations.find((o) => o.indicator === 'proactive.normative_docs.in_force')?.value).toBe(9);
    expect(report.warnings.join(' ')).toMatch(/outside any row/);
  });
});
