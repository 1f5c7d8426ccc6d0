/**
 * The format's own accounting identities (FORMAT.md §7), checked on one report's printed values.
 * Pure: no I/O. A failure is information about the source, never a reason to change or reject data.
 *
 * Blank handling: when every operand on one side is blank the identity cannot be checked; otherwise
 * blanks count as 0 (a blank beside printed numbers means "none" in practice) and the check says so.
 */
export type IdentityId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5';
export type CheckStatus = 'PASS' | 'FAIL' | 'NOT_CHECKABLE';

export interface ConsistencyCheck {
  identity: IdentityId;
  /** What the check is about: a table-3 column (I1, I3), a table-3 row (I2) or a table-4 group (I4). */
  scope: string;
  status: CheckStatus;
  /** Left-hand side (the total printed, or the inflow for I1); null when not checkable. */
  lhs: number | null;
  rhs: number | null;
  description: string;
  /** Cells that were blank or missing and counted as 0, or that made the check impossible. */
  blankCells: string[];
  /** The report's cells the identity reads (both sides): which figures a failure puts in doubt. */
  operands: string[];
}

export const APPLICANT_COLUMNS = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other'] as const;
export const TABLE3_COLUMNS = [...APPLICANT_COLUMNS, 'total'] as const;

const OUTCOME_ROWS_COMMON = [
  'outcome.disclosed',
  'outcome.partially_disclosed',
  ...[
    'state_secret',
    'law_prohibited',
    'three_securities_one_stability',
    'third_party_rights',
    'internal_affairs',
    'process_info',
    'enforcement_file',
    'admin_query',
  ].map((r) => `outcome.withheld.${r}`),
  ...['not_held', 'needs_creation', 'unclear_after_correction'].map((r) => `outcome.unable.${r}`),
  ...['petition_complaint', 'duplicate', 'publication', 'excessive', 'confirm_reissue'].map((r) => `outcome.not_processed.${r}`),
];
const OTHER_SPLIT = ['outcome.other.no_correction', 'outcome.other.fee_unpaid', 'outcome.other.other'];

export const TABLE3_ROWS = [
  'applications.new',
  'applications.carried_over',
  ...OUTCOME_ROWS_COMMON,
  'outcome.other.subtotal',
  ...OTHER_SPLIT,
  'outcome.total',
  'applications.carried_forward',
];

const TABLE4_GROUPS = ['review', 'litigation.direct', 'litigation.after_review'];

/** `values` maps a catalog code to its printed number, or null when the cell was blank; absent = not in the report. */
export function checkConsistency(values: ReadonlyMap<string, number | null>): ConsistencyCheck[] {
  const checks: ConsistencyCheck[] = [];
  const has = (code: string) => values.has(code);

  const compare = (identity: IdentityId, scope: string, description: string, lhsCodes: string[], rhsCodes: string[]) => {
    if (![...lhsCodes, ...rhsCodes].some(has)) return; // the table is not in this report at all
    const side = (codes: string[]) => {
      const numbers = codes.map((c) => values.get(c)).filter((v): v is number => typeof v === 'number');
      return {
        sum: numbers.reduce((a, b) => a + b, 0),
        any: numbers.length > 0,
        blanks: codes.filter((c) => typeof values.get(c) !== 'number'),
      };
    };
    const lhs = side(lhsCodes);
    const rhs = side(rhsCodes);
    const blankCells = [...lhs.blanks, ...rhs.blanks];
    const operands = [...lhsCodes, ...rhsCodes];
    if (!lhs.any || !rhs.any) {
      checks.push({
        identity,
        scope,
        status: 'NOT_CHECKABLE',
        lhs: lhs.any ? lhs.sum : null,
        rhs: rhs.any ? rhs.sum : null,
        description,
        blankCells,
        operands,
      });
      return;
    }
    const status = Math.abs(lhs.sum - rhs.sum) < 1e-9 ? 'PASS' : 'FAIL';
    checks.push({ identity, scope, status, lhs: lhs.sum, rhs: rhs.sum, description, blankCells, operands });
  };

  // (六) is printed either as one row (2019, and some 2021 reports) or split in three (2021).
  const otherRows = OTHER_SPLIT.some((r) => TABLE3_COLUMNS.some((c) => has(`${r}.${c}`))) ? OTHER_SPLIT : ['outcome.other.subtotal'];

  for (const col of TABLE3_COLUMNS) {
    compare(
      'I1',
      col,
      `本年新收 + 上年结转 = 办理结果总计 + 结转下年度 (${col})`,
      [`applications.new.${col}`, `applications.carried_over.${col}`],
      [`outcome.total.${col}`, `applications.carried_forward.${col}`],
    );
  }
  for (const row of TABLE3_ROWS) {
    if (!TABLE3_COLUMNS.some((c) => has(`${row}.${c}`))) continue;
    compare(
      'I2',
      row,
      `总计 = Σ applicant columns (${row})`,
      [`${row}.total`],
      APPLICANT_COLUMNS.map((c) => `${row}.${c}`),
    );
  }
  for (const col of TABLE3_COLUMNS) {
    compare(
      'I3',
      col,
      `（七）总计 = Σ outcome rows (${col})`,
      [`outcome.total.${col}`],
      [...OUTCOME_ROWS_COMMON, ...otherRows].map((r) => `${r}.${col}`),
    );
  }
  for (const group of TABLE4_GROUPS) {
    compare(
      'I4',
      group,
      `总计 = 维持 + 纠正 + 其他 + 尚未审结 (${group})`,
      [`${group}.total`],
      ['upheld', 'corrected', 'other', 'pending'].map((p) => `${group}.${p}`),
    );
  }
  return checks;
}
