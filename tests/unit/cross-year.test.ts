import type { MissingPart } from '../../src/reports/report-terms';
import { checkCrossYear, resolveWithNeighbours } from '../../src/reports/cross-year';

const docs = ['proactive.normative_docs.issued', 'proactive.normative_docs.repealed', 'proactive.normative_docs.in_force'];
const ambiguousDocs = (values: number[][]): MissingPart => ({
  part: 'table2:行政规范性文件',
  indicators: docs,
  reason: `ambiguous split: ${values.length} candidates`,
  candidates: { indicators: docs, values },
});

describe('resolveWithNeighbours', () => {
  it.each([
    {
      // 平潭 2021 `693665` beside 2022's printed 88 | 55 | 698: 665 + 88 − 55 = 698 keeps two readings.
      name: '现行有效件数 continues into the next year: only the readings that continue are kept',
      candidates: [
        [69, 3, 665],
        [6, 93, 665],
        [69, 36, 65],
        [693, 6, 65],
        [6, 9, 3665],
      ],
      neighbours: {
        previous: null,
        next: {
          values: new Map([
            ['proactive.normative_docs.issued', 88],
            ['proactive.normative_docs.repealed', 55],
            ['proactive.normative_docs.in_force', 698],
          ]),
        },
      },
      settled: { 'proactive.normative_docs.in_force': 665 },
      open: ['proactive.normative_docs.issued', 'proactive.normative_docs.repealed'],
    },
    {
      name: 'from the previous year: 440 + 62 − 33 = 469 settles the whole row',
      candidates: [
        [62, 3, 3440],
        [62, 33, 469],
        [62, 334, 69],
      ],
      neighbours: { previous: { values: new Map([['proactive.normative_docs.in_force', 440]]) }, next: null },
      settled: { 'proactive.normative_docs.issued': 62, 'proactive.normative_docs.repealed': 33, 'proactive.normative_docs.in_force': 469 },
      open: [],
    },
    {
      name: 'a relation no reading satisfies is ignored, never forced',
      candidates: [
        [6, 0, 45],
        [60, 4, 5],
      ],
      neighbours: { previous: { values: new Map([['proactive.normative_docs.in_force', 1000]]) }, next: null },
      settled: {},
      open: docs,
    },
    {
      name: 'a neighbour that did not print the cell says nothing',
      candidates: [
        [6, 0, 45],
        [60, 4, 5],
      ],
      neighbours: { previous: { values: new Map([['proactive.normative_docs.in_force', null]]) }, next: null },
      settled: {},
      open: docs,
    },
  ])('$name', ({ candidates, neighbours, settled, open }) => {
    const result = resolveWithNeighbours(new Map(), [ambiguousDocs(candidates)], neighbours);
    expect(Object.fromEntries(result.settled)).toEqual(settled);
    expect(result.missing.flatMap((m) => m.indicators)).toEqual(open);
  });

  it("I5: 上年结转 equals last year's 结转下年度, column by column", () => {
    const codes = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other', 'total'].map(
      (c) => `applications.carried_over.${c}`,
    );
    const part: MissingPart = {
      part: 'table3:二、上年结转',
      indicators: codes,
      reason: 'ambiguous split: 2 candidates',
      candidates: {
        indicators: codes,
        values: [
          [12, 0, 0, 0, 0, 0, 12],
          [1, 2, 0, 0, 0, 0, 3],
        ],
      },
    };
    const previous = new Map(codes.map((c, i) => [c.replace('carried_over', 'carried_forward'), [12, 0, 0, 0, 0, 0, 12][i]]));
    const result = resolveWithNeighbours(new Map(), [part], { previous: { values: previous }, next: null });
    expect(result.missing).toEqual([]);
    expect(result.settled.get('applications.carried_over.total')).toBe(12);
  });

  it("2019 format: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减", () => {
    const row = ['proactive.licensing.prev_year_items', 'proactive.licensing.items_change', 'proactive.licensing.decisions'];
    const part: MissingPart = {
      part: 'table2:行政许可',
      indicators: row,
      reason: 'ambiguous split: 2 candidates',
      candidates: {
        indicators: row,
        values: [
          [88, 0, 1],
          [8, 80, 1],
        ],
      },
    };
    // Both readings continue 2019 into 2020's 88 (88 + 0 = 8 + 80): the evidence cannot choose.
    const next = new Map([['proactive.licensing.prev_year_items', 88]]);
    expect(resolveWithNeighbours(new Map(), [part], { previous: null, next: { values: next } }).missing[0].indicators).toEqual([
      'proactive.licensing.prev_year_items',
      'proactive.licensing.items_change',
    ]);
    const previous = new Map([
      ['proactive.licensing.prev_year_items', 80],
      ['proactive.licensing.items_change', 8],
    ]);
    expect(Object.fromEntries(resolveWithNeighbours(new Map(), [part], { previous: { values: previous }, next: null }).settled)).toEqual({
      'proactive.licensing.prev_year_items': 88,
      'proactive.licensing.items_change': 0,
      'proactive.licensing.decisions': 1,
    });
  });

  it('a part narrowed but still open keeps where its cells sit', () => {
    const part = {
      ...ambiguousDocs([
        [69, 3, 665],
        [6, 93, 665],
        [69, 36, 65],
      ]),
      candidates: {
        indicators: docs,
        values: [
          [69, 3, 665],
          [6, 93, 665],
          [69, 36, 65],
        ],
        sources: docs.map((_, i) => ({ table: 'table2', row: '行政规范性文件', column: `c${i}` })),
      },
    };
    const next = {
      values: new Map([
        ['proactive.normative_docs.issued', 88],
        ['proactive.normative_docs.repealed', 55],
        ['proactive.normative_docs.in_force', 698],
      ]),
    };
    const [open] = resolveWithNeighbours(new Map(), [part], { previous: null, next }).missing;
    expect(open.candidates).toEqual({
      indicators: docs,
      values: [
        [69, 3, 665],
        [6, 93, 665],
      ],
      sources: part.candidates.sources,
    });
  });

  it('two neighbouring years both left open settle each other where only one pair of readings continues', () => {
    const row = ['proactive.licensing.prev_year_items', 'proactive.licensing.items_change', 'proactive.licensing.decisions'];
    const open = (values: number[][]): MissingPart => ({
      part: 'table2:行政许可',
      indicators: row,
      reason: 'ambiguous split',
      candidates: { indicators: row, values },
    });
    const y2019 = open([
      [396, 0, 181],
      [39, 60, 181],
      [3, 9, 60181],
    ]);
    const y2020 = open([
      [396, 5, 10],
      [39, 65, 10],
    ]);
    const first = resolveWithNeighbours(new Map(), [y2019], { previous: null, next: { values: new Map(), open: [y2020] } });
    expect(Object.fromEntries(first.settled)).toEqual({
      'proactive.licensing.prev_year_items': 396,
      'proactive.licensing.items_change': 0,
      'proactive.licensing.decisions': 181,
    });
    const second = resolveWithNeighbours(new Map(), [y2020], { previous: { values: new Map(), open: [y2019] }, next: null });
    expect(Object.fromEntries(second.settled)).toEqual({
      'proactive.licensing.prev_year_items': 396,
      'proactive.licensing.items_change': 5,
      'proactive.licensing.decisions': 10,
    });
  });
});

describe('checkCrossYear (I5)', () => {
  it('compares per column and names the other report', () => {
    const current = new Map([
      ['applications.carried_over.total', 3],
      ['applications.carried_over.natural_person', 3],
    ]);
    const previous = new Map([
      ['applications.carried_forward.total', 2],
      ['applications.carried_forward.natural_person', 3],
    ]);
    const checks = checkCrossYear(current, previous, 41);
    expect(checks.find((c) => c.scope === 'total')).toMatchObject({ identity: 'I5', status: 'FAIL', lhs: 3, rhs: 2, otherReportId: 41 });
    expect(checks.find((c) => c.scope === 'natural_person')).toMatchObject({ status: 'PASS' });
    expect(checks.find((c) => c.scope === 'commercial')).toBeUndefined();
  });
});
