import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './fixtures';

/**
 * One table of curation cases, run through both doors: the CLI (`import`, `reports set|withdraw|restore`,
 * tests/cli/curation-cases.cli.test.ts) and the mutations (`importReport`, `updateReport`,
 * `withdrawReport`, `restoreReport`, tests/api/curation-cases.api.test.ts). Each case starts from an
 * empty database; every step but the last must succeed; the last one's outcome or error code, and the
 * current reports left, must be the same through either door.
 */

/** The report files the cases import, by name. */
const shanghai = readFileSync(path.join(FIXTURES, 'complete', 'shanghai-office-2025.src.md'), 'utf8');
export const SOURCES: Record<string, { file: string; content: string }> = {
  shanghai: { file: 'shanghai-office-2025.md', content: shanghai },
  pingtan: { file: 'pingtan-2022.txt', content: readFileSync(path.join(FIXTURES, 'complete', 'pingtan-2022.src.txt'), 'utf8') },
  // The same report cut off after its table 2: 16 values instead of 200.
  truncated: { file: 'shanghai-office-2025-cut.md', content: shanghai.slice(0, shanghai.indexOf('三、收到和处理')) },
  // A notice about the report, not the report.
  notice: {
    file: 'notice.html',
    content:
      '<html><body><h1>关于上海市人民政府办公厅2025年政府信息公开工作年度报告的说明</h1><p>本栏目内容已更新，请查阅。</p></body></html>',
  },
};

export interface Overrides {
  jurisdiction?: string;
  year?: number;
  organ?: string;
  scope?: 'OWN' | 'SUMMARY';
  sourceUrl?: string;
}

export type Step =
  | { op: 'import'; source: keyof typeof SOURCES; overrides?: Overrides; reason?: string; force?: boolean }
  /** `report`: the index of the earlier step whose report it acts on (a number: that id itself when `absolute`). */
  | { op: 'set'; report: number; absolute?: boolean; changes: Overrides; reason?: string; force?: boolean }
  | { op: 'withdraw'; report: number; reason?: string }
  | { op: 'restore'; report: number; reason?: string };

/** What a step answered: an outcome and the report it left, or an error code. */
export type StepResult = { outcome: string; reportId: number } | { code: string };

/** A current report, as both doors can list it. */
export interface CurrentReport {
  jurisdiction: string;
  year: number;
  organ: string;
  scope: string;
}

export interface CurationCase {
  name: string;
  steps: Step[];
  /** The last step's outcome or error code. */
  expected: { outcome: string } | { code: string };
  /** The current reports after the last step. */
  current: CurrentReport[];
}

const SHANGHAI: CurrentReport = { jurisdiction: '310000', year: 2025, organ: '上海市人民政府办公厅', scope: 'OWN' };
const PINGTAN: CurrentReport = { jurisdiction: '350128', year: 2022, organ: '平潭综合实验区管委会', scope: 'SUMMARY' };
const REASON = "checked against the publisher's page";

export const CASES: CurationCase[] = [
  { name: 'a report is imported', steps: [{ op: 'import', source: 'shanghai' }], expected: { outcome: 'IMPORTED' }, current: [SHANGHAI] },
  {
    name: 'the same content again changes nothing',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'import', source: 'shanghai' },
    ],
    expected: { outcome: 'UNCHANGED' },
    current: [SHANGHAI],
  },
  {
    name: 'the same content with another scope corrects it',
    steps: [
      { op: 'import', source: 'pingtan' },
      { op: 'import', source: 'pingtan', overrides: { scope: 'OWN' } },
    ],
    expected: { outcome: 'CORRECTED' },
    current: [{ ...PINGTAN, scope: 'OWN' }],
  },
  {
    name: "a year other than the title's is refused",
    steps: [{ op: 'import', source: 'shanghai', overrides: { year: 2024 } }],
    expected: { code: 'OVERRIDE_CONTRADICTS_TEXT' },
    current: [],
  },
  {
    name: 'force without a reason is refused',
    steps: [{ op: 'import', source: 'shanghai', overrides: { year: 2024 }, force: true }],
    expected: { code: 'BAD_USER_INPUT' },
    current: [],
  },
  {
    name: 'a forced year with a reason is imported',
    steps: [{ op: 'import', source: 'shanghai', overrides: { year: 2024 }, force: true, reason: REASON }],
    expected: { outcome: 'IMPORTED' },
    current: [{ ...SHANGHAI, year: 2024 }],
  },
  {
    name: 'a wrong year corrected by importing again with the right one leaves one current report',
    steps: [
      { op: 'import', source: 'shanghai', overrides: { year: 2024 }, force: true, reason: REASON },
      { op: 'import', source: 'shanghai', overrides: { year: 2025 } },
    ],
    expected: { outcome: 'CORRECTED' },
    current: [SHANGHAI],
  },
  {
    name: "a jurisdiction the organ's name does not point to is refused",
    steps: [{ op: 'import', source: 'shanghai', overrides: { jurisdiction: '440300' } }],
    expected: { code: 'OVERRIDE_CONTRADICTS_TEXT' },
    current: [],
  },
  {
    name: 'a page that is not a report is refused whatever the overrides',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'import', source: 'notice', overrides: { organ: '上海市人民政府办公厅', year: 2025, jurisdiction: '310000' } },
    ],
    expected: { code: 'NOT_A_REPORT' },
    current: [SHANGHAI],
  },
  {
    name: 'a revision with far fewer values is refused',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'import', source: 'truncated' },
    ],
    expected: { code: 'REVISION_LOSES_VALUES' },
    current: [SHANGHAI],
  },
  {
    name: 'a revision with far fewer values, forced with a reason, is stored',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'import', source: 'truncated', force: true, reason: REASON },
    ],
    expected: { outcome: 'NEW_REVISION' },
    current: [SHANGHAI],
  },
  {
    name: 'a scope is corrected',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { scope: 'SUMMARY' }, reason: REASON },
    ],
    expected: { outcome: 'CORRECTED' },
    current: [{ ...SHANGHAI, scope: 'SUMMARY' }],
  },
  {
    name: 'a correction to what is stored changes nothing',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { scope: 'OWN' }, reason: REASON },
    ],
    expected: { outcome: 'UNCHANGED' },
    current: [SHANGHAI],
  },
  {
    name: 'a correction needs a reason',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { scope: 'SUMMARY' } },
    ],
    expected: { code: 'BAD_USER_INPUT' },
    current: [SHANGHAI],
  },
  {
    name: 'a year is corrected',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { year: 2024 }, reason: REASON },
    ],
    expected: { outcome: 'CORRECTED' },
    current: [{ ...SHANGHAI, year: 2024 }],
  },
  {
    name: 'a source URL that is not http(s) is refused, as on import',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { sourceUrl: 'javascript:alert(document.domain)' }, reason: REASON },
    ],
    expected: { code: 'BAD_USER_INPUT' },
    current: [SHANGHAI],
  },
  {
    name: "a jurisdiction correction the organ's name contradicts is refused",
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { jurisdiction: '440300' }, reason: REASON },
    ],
    expected: { code: 'OVERRIDE_CONTRADICTS_TEXT' },
    current: [SHANGHAI],
  },
  {
    name: "a jurisdiction correction with the organ's name is made",
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { jurisdiction: '440300', organ: '深圳市人民政府办公厅' }, reason: REASON },
    ],
    expected: { outcome: 'CORRECTED' },
    current: [{ jurisdiction: '440300', year: 2025, organ: '深圳市人民政府办公厅', scope: 'OWN' }],
  },
  {
    name: 'a superseded revision cannot be corrected',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'set', report: 0, changes: { scope: 'SUMMARY' }, reason: REASON },
      { op: 'set', report: 0, changes: { scope: 'OWN' }, reason: REASON },
    ],
    expected: { code: 'REPORT_SUPERSEDED' },
    current: [{ ...SHANGHAI, scope: 'SUMMARY' }],
  },
  {
    name: 'an unknown report cannot be corrected',
    steps: [{ op: 'set', report: 99999, absolute: true, changes: { scope: 'SUMMARY' }, reason: REASON }],
    expected: { code: 'NOT_FOUND' },
    current: [],
  },
  {
    name: 'a report is withdrawn',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0, reason: REASON },
    ],
    expected: { outcome: 'WITHDRAWN' },
    current: [],
  },
  {
    name: 'a withdrawal needs a reason',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0 },
    ],
    expected: { code: 'BAD_USER_INPUT' },
    current: [SHANGHAI],
  },
  {
    name: 'a withdrawn report cannot be withdrawn again',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0, reason: REASON },
      { op: 'withdraw', report: 0, reason: REASON },
    ],
    expected: { code: 'REPORT_WITHDRAWN' },
    current: [],
  },
  {
    name: 'a withdrawn report cannot be corrected',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0, reason: REASON },
      { op: 'set', report: 0, changes: { scope: 'SUMMARY' }, reason: REASON },
    ],
    expected: { code: 'REPORT_WITHDRAWN' },
    current: [],
  },
  {
    name: "a withdrawn report's content cannot be imported again",
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0, reason: REASON },
      { op: 'import', source: 'shanghai' },
    ],
    expected: { code: 'REPORT_WITHDRAWN' },
    current: [],
  },
  {
    name: 'a withdrawn report is restored',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'withdraw', report: 0, reason: REASON },
      { op: 'restore', report: 0, reason: REASON },
    ],
    expected: { outcome: 'RESTORED' },
    current: [SHANGHAI],
  },
  {
    name: 'a report that is not withdrawn cannot be restored',
    steps: [
      { op: 'import', source: 'shanghai' },
      { op: 'restore', report: 0, reason: REASON },
    ],
    expected: { code: 'REPORT_NOT_WITHDRAWN' },
    current: [SHANGHAI],
  },
];

/** Runs a case's steps with a door's runner; the last step's result. */
export async function runCase(
  c: CurationCase,
  run: (step: Step, reportOf: (index: number) => number) => Promise<StepResult>,
): Promise<StepResult> {
  const results: StepResult[] = [];
  const reportOf = (index: number) => {
    const result = results[index];
    if (!result || !('reportId' in result)) throw new Error(`step ${index} of "${c.name}" stored no report`);
    return result.reportId;
  };
  for (const [i, step] of c.steps.entries()) {
    const result = await run(step, reportOf);
    if (i < c.steps.length - 1 && 'code' in result) throw new Error(`step ${i} of "${c.name}" failed: ${result.code}`);
    results.push(result);
  }
  return results[results.length - 1];
}

/** Current reports in a stable order, for comparison. */
export function sortedReports(reports: CurrentReport[]): CurrentReport[] {
  return [...reports].sort((a, b) => `${a.jurisdiction}${a.year}${a.organ}`.localeCompare(`${b.jurisdiction}${b.year}${b.organ}`));
}
