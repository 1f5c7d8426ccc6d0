import { answeringReport, bestComposition, reportsBehind, sumOfReports, type ReportFact } from '../../src/rollups/best';
import { checkedCodes, declaredMissing, failingChecks } from '../../src/rollups/cell-quality';
import { leftOutReason, notPrintedReason, spanOf, yearWithoutReports } from '../../src/rollups/cell-reason';
import { BLANK, MISSING, valueOf, type CellValue } from '../../src/rollups/cell-value';
import { combineYears, countKinds, subtreeCoverage } from '../../src/rollups/coverage';
import { loadIndicatorCatalog } from '../../src/indicators/indicator.catalog';

/**
 * The pure rules of best-available totals, coverage and quality, on a small tree:
 * P (province) → A (prefecture: counties A1, A2, zone AZ) and B (prefecture: county B1).
 */
const TREE: Record<string, string[]> = { P: ['A', 'B'], A: ['A1', 'A2', 'AZ'], B: ['B1'] };
const tree = { children: (code: string) => (TREE[code] ?? []).map((c) => ({ code: c })) };
const isZone = (code: string) => code === 'AZ';

let id = 0;
const report = (
  jurisdictionCode: string,
  scope: 'OWN' | 'SUMMARY',
  organKind = 'GOVERNMENT',
  extra: Partial<ReportFact> = {},
): ReportFact => ({
  id: ++id,
  jurisdictionCode,
  year: 2022,
  organId: id,
  organ: `${jurisdictionCode} ${scope} ${organKind}`,
  organKind,
  scope,
  formatVersion: '2021',
  sourceUrl: null,
  missingParts: null,
  ...extra,
});
const reportsOf = (reports: ReportFact[]) => (code: string) => reports.filter((r) => r.jurisdictionCode === code);
const codesOf = (reports: ReportFact[]) => reports.map((r) => `${r.jurisdictionCode}:${r.scope}:${r.organKind}`).sort();

describe('best-available totals', () => {
  const own = (code: string, kind = 'GOVERNMENT') => report(code, 'OWN', kind);
  const summary = (code: string) => report(code, 'SUMMARY');
  it.each([
    [
      'OWN reports only: every one of the subtree',
      () => [own('P'), own('A'), own('A1', 'DEPARTMENT'), own('B1')],
      ['A1:OWN:DEPARTMENT', 'A:OWN:GOVERNMENT', 'B1:OWN:GOVERNMENT', 'P:OWN:GOVERNMENT'],
    ],
    ["the root's SUMMARY answers alone", () => [summary('P'), own('P'), own('A'), own('B1')], ['P:SUMMARY:GOVERNMENT']],
    [
      "a prefecture's SUMMARY replaces its subtree, not its siblings",
      () => [own('P'), summary('A'), own('A'), own('A1'), own('B1')],
      ['A:SUMMARY:GOVERNMENT', 'B1:OWN:GOVERNMENT', 'P:OWN:GOVERNMENT'],
    ],
    [
      'a county SUMMARY under a prefecture without one',
      () => [summary('A1'), own('A1', 'DEPARTMENT'), own('A2')],
      ['A1:SUMMARY:GOVERNMENT', 'A2:OWN:GOVERNMENT'],
    ],
    ['a summary above a summary: the topmost', () => [summary('A'), summary('A1')], ['A:SUMMARY:GOVERNMENT']],
  ])('%s', (_name, make, expected) => {
    expect(codesOf(reportsBehind('BEST', 'P', tree, reportsOf(make())))).toEqual(expected);
  });

  it('takes the latest of two current summaries of a place', () => {
    const first = summary('A');
    const second = summary('A');
    expect(bestComposition('A', tree, reportsOf([second, first])).summaries).toEqual([second]);
    expect(answeringReport([first, second], 'REPORTED')).toBe(second);
  });

  it('lists the jurisdictions whose OWN reports are added, whether they reported or not', () => {
    expect(bestComposition('P', tree, reportsOf([summary('A'), own('B1')])).ownJurisdictions).toEqual(['P', 'B', 'B1']);
  });

  it.each<[string, CellValue[], CellValue]>([
    ['numbers add', [valueOf(2), valueOf(3)], valueOf(5)],
    ['a blank beside a number adds nothing', [BLANK, valueOf(3)], valueOf(3)],
    ['only blanks stay blank', [BLANK, BLANK], BLANK],
    ['a report without the cell is not 0', [MISSING, MISSING], MISSING],
  ])('sums reports as roll-ups do: %s', (_name, values, expected) => {
    const reports = values.map(() => own('A1'));
    expect(sumOfReports(reports, 'c', (r) => values[reports.indexOf(r)])).toEqual(expected);
  });
});

describe('coverage by kind of report', () => {
  const cases: [string, 'ROLLUP' | 'BEST', () => ReportFact[], boolean, Record<string, string>][] = [
    [
      'departments alone do not make a place reported',
      'ROLLUP',
      () => [report('P', 'OWN'), report('A', 'OWN', 'DEPARTMENT')],
      false,
      { P: 'GOVERNMENT_OWN', A: 'DEPARTMENTS_ONLY', A1: 'NONE', A2: 'NONE', B: 'NONE', B1: 'NONE' },
    ],
    [
      'a SUMMARY covers its subtree for BEST',
      'BEST',
      () => [report('A', 'SUMMARY'), report('P', 'OWN')],
      false,
      { P: 'GOVERNMENT_OWN', A: 'SUMMARY', A1: 'SUMMARY', A2: 'SUMMARY', B: 'NONE', B1: 'NONE' },
    ],
    [
      'a SUMMARY alone is not reported for ROLLUP',
      'ROLLUP',
      () => [report('A', 'SUMMARY')],
      false,
      { P: 'NONE', A: 'SUMMARY', A1: 'NONE', A2: 'NONE', B: 'NONE', B1: 'NONE' },
    ],
    [
      'zones are expected when asked for',
      'ROLLUP',
      () => [report('AZ', 'OWN')],
      true,
      { P: 'NONE', A: 'NONE', A1: 'NONE', A2: 'NONE', AZ: 'GOVERNMENT_OWN', B: 'NONE', B1: 'NONE' },
    ],
  ];
  it.each(cases)('%s', (_name, measure, make, includeFunctionalZones, kinds) => {
    const coverage = subtreeCoverage('P', tree, reportsOf(make()), { measure, isZone, includeFunctionalZones });
    expect(Object.fromEntries(coverage.entries.map((e) => [e.code, e.kind]))).toEqual(kinds);
    expect(coverage.zonesLeftOut).toBe(includeFunctionalZones ? 0 : 1);
    const covered = coverage.entries.filter((e) => e.covered).map((e) => e.code);
    expect(covered).toEqual(
      Object.entries(kinds)
        .filter(([, k]) => k === 'GOVERNMENT_OWN' || (measure === 'BEST' && k === 'SUMMARY'))
        .map(([c]) => c),
    );
  });

  it('over several years, a place is covered when it is covered every year', () => {
    const y1 = subtreeCoverage('B', tree, reportsOf([report('B', 'OWN'), report('B1', 'OWN')]), {
      measure: 'ROLLUP',
      isZone,
      includeFunctionalZones: false,
    });
    const y2 = subtreeCoverage('B', tree, reportsOf([report('B', 'OWN')]), { measure: 'ROLLUP', isZone, includeFunctionalZones: false });
    const both = combineYears([y1, y2]);
    expect(both.entries.map((e) => [e.code, e.covered, e.kind])).toEqual([
      ['B', true, 'GOVERNMENT_OWN'],
      ['B1', false, 'NONE'],
    ]);
    expect(countKinds(both.entries)).toEqual({ governmentOwn: 1, summary: 0, departmentsOnly: 0, none: 1 });
  });
});

describe("quality on a cell's parts", () => {
  const base = loadIndicatorCatalog()
    .filter((i) => !i.formula)
    .map((i) => i.code);
  const values = new Map<string, number | null>([
    ['applications.new.natural_person', 2],
    ['applications.new.commercial', 1],
    ['applications.new.total', 7], // I2 fails
    ['review.upheld', 1],
    ['review.corrected', 0],
    ['review.other', 0],
    ['review.pending', 0],
    ['review.total', 1], // I4 holds
    ['applications.carried_over.total', 4],
  ]);
  it.each([
    ['a row total read by the cell', 'applications.new.total', ['I2:applications.new']],
    ['a part of the failing row', 'applications.new.commercial', ['I2:applications.new']],
    ['a table the failure says nothing about', 'review.total', []],
    ['I5 against the year before', 'applications.carried_over.total', ['I5:total']],
  ])('%s', (_name, code, expected) => {
    const failed = failingChecks(
      { id: 1, values },
      { id: 0, values: new Map([['applications.carried_forward.total', 3]]) },
      new Set([code]),
    );
    expect(failed.map((c) => `${c.identity}:${c.scope}`)).toEqual(expected);
  });

  it("reads every operand of the checks touching a cell, and the year before's for I5", () => {
    const { current, previous } = checkedCodes(new Set(['applications.carried_over.total']), base);
    expect(current).toEqual(
      expect.arrayContaining([
        'applications.new.total',
        'outcome.total.total',
        'applications.carried_forward.total',
        'applications.carried_over.natural_person',
      ]),
    );
    expect(previous).toEqual(['applications.carried_forward.total']);
  });

  it('names the declared-missing parts holding a cell, not the others', () => {
    const r = {
      id: 3,
      missingParts: [
        { part: 'table4', indicators: ['review.total'], reason: 'cut off' },
        { part: 'table2:规章', indicators: ['proactive.regulations.issued'], reason: 'ambiguous' },
      ],
    };
    expect(declaredMissing(r, new Set(['review.total'])).map((m) => m.part.part)).toEqual(['table4']);
    expect(declaredMissing(r, new Set(['applications.new.total']))).toEqual([]);
  });
});

describe('reasons', () => {
  it.each([
    ['years in runs', spanOf([2019, 2021, 2022, 2023, 2025]), '2019, 2021–2023, 2025'],
    [
      'a year without any report',
      yearWithoutReports(2030, [2019, 2020]),
      'no report in the database is on 2030 (the reports stored are on 2019–2020)',
    ],
    ['reports left out', leftOutReason(2, ['FAILED_CHECKS']), 'the 2 reports behind it are left out by `exclude` (FAILED_CHECKS)'],
    [
      'declared missing by one report',
      notPrintedReason(
        'review.total',
        2022,
        [report('A', 'OWN', 'GOVERNMENT', { missingParts: [{ part: 'table4', indicators: ['review.total'], reason: 'cut off' }] })],
        ['2019', '2021'],
      ),
      'the report declares it missing (table4: cut off)',
    ],
    [
      'not in the format of the year',
      notPrintedReason('proactive.regulations.issued', 2020, [report('A', 'OWN', 'GOVERNMENT', { formatVersion: '2019' })], ['2021']),
      'not in the 2019 format of the report on 2020',
    ],
    [
      'not printed by several',
      notPrintedReason('review.total', 2022, [report('A', 'OWN'), report('B', 'OWN')], ['2021']),
      'none of the 2 reports behind it prints it',
    ],
  ])('%s', (_name, text, expected) => {
    expect(text).toBe(expected);
  });
});
