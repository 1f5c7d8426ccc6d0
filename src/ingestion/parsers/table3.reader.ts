import { consensus, splitWithTotal } from './digit-run-splitter';
import { LayoutVersion, OtherRowsVariant, TABLE3_COLUMNS, Table3RowSpec, table3Layout } from './format-layout';
import { alignRows } from './row-alignment';
import { RawCell, RowRecord, jammedDigits, segmentRows } from './row-segmenter';
import { ReaderResult, cellObservation, displayLabel, emptyResult, valueObservation } from './reader-result';
import type { Region } from './table-regions';

/**
 * Table 3 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 columns. Rows are aligned to the standard
 * order; flattened digit runs are split under I2 (six applicant columns sum to 总计) and, across rows,
 * I1 (新收 + 上年结转 = 总计 + 结转下年度) and I3 (outcome rows sum to （七）总计), per column.
 */

const N = TABLE3_COLUMNS.length;
const MAX_COMBINATIONS = 20000;

type RowValues = (number | null)[];

interface Planned {
  spec: Table3RowSpec;
  record: RowRecord;
  positional: boolean;
  cells: RawCell[] | null;
  candidates: number[][] | null;
  /** Columns taken from a partial row (cut off, or the 2-value convention); others reported missing. */
  partial: { columns: number[]; reason: string } | null;
}

export function chooseOtherVariant(rows: RowRecord[], version: LayoutVersion): OtherRowsVariant {
  const text = rows.map((r) => `${r.context}${r.label}`).join('').replace(/\s/g, '');
  if (/逾期不补正|逾期未按收费|收费通知要求/.test(text)) return 'split';
  if (/其他处理/.test(text) && version === '2021') {
    // A 2021 table that prints （六） as one row with cells (hongze-district-2023).
    const single = rows.some((r) => /其他处理/.test(r.label.replace(/\s/g, '')) && !/申请人/.test(r.label));
    return single ? 'single' : 'split';
  }
  return version === '2019' ? 'single' : 'split';
}

export function readTable3(region: Region | null, version: LayoutVersion): ReaderResult {
  const result = emptyResult();
  if (!region) return result;
  const rows = segmentRows(region.text, region.reachesEnd).filter((r) => r.cells.length > 0);
  const variant = chooseOtherVariant(rows, version);
  const layout = table3Layout(variant);
  const aligned = alignRows(rows, layout.map((s) => s.keys));
  const plans: Planned[] = aligned.map((a) => planRow(layout[a.specIndex], a.record, a.positional, result));
  solveJammedRows(plans, layout, result);
  dropUnverifiedPositional(plans, layout, result);
  for (const p of plans) emitRow(p, result);
  reportAbsentRows(layout, plans, region, result);
  return result;
}

function planRow(spec: Table3RowSpec, record: RowRecord, positional: boolean, result: ReaderResult): Planned {
  const plan: Planned = { spec, record, positional, cells: null, candidates: null, partial: null };
  const cells = record.cells;
  const values = cells.filter((c) => c.reading.kind === 'value');
  const digitsOnly = cells.every((c) => /^\d+$/.test(c.raw.trim()));
  // Fewer than 7 tokens holding at least 7 digits: a digit run cut by stray spaces (`500000 5`);
  // I2 (and I1/I3 across rows) guard against reading a row with dropped empty cells this way.
  if (record.jammed || (record.shape !== 'pipe' && cells.length < N && digitsOnly && jammedDigits(record).length >= N)) {
    const split = splitWithTotal(jammedDigits(record), N);
    plan.candidates = split.overflow ? [] : split.candidates;
    if (split.overflow) result.warnings.push(`table 3 ${spec.label}: digit run too long to split reliably`);
    return plan;
  }
  if (cells.length >= N) {
    const extra = cells.slice(N).filter((c) => c.reading.kind === 'value');
    if (extra.length > 0) {
      result.missing.push(part(spec, allColumns(), `${cells.length} cells printed for ${N} columns: columns unknown`));
      return plan;
    }
    plan.cells = cells.slice(0, N);
    return plan;
  }
  if (record.atEnd) {
    plan.cells = cells;
    plan.partial = { columns: cells.map((_, i) => i), reason: `cut off after ${cells.length} of ${N} cells` };
    return plan;
  }
  if (record.shape !== 'pipe' && values.length === 2 && cells.length === 2 && sameValue(values[0], values[1])) {
    // Empty cells dropped by the source: a row printing one number twice is read as 自然人 = 总计.
    plan.cells = [cells[0], ...new Array<RawCell>(N - 2).fill({ raw: '', reading: { kind: 'text' } }), cells[1]];
    plan.partial = { columns: [0, N - 1], reason: `only 2 of ${N} cells printed (empty cells dropped); read as 自然人 and 总计` };
    result.warnings.push(`table 3 ${spec.label}: 2 of 7 cells printed; assumed 自然人 = 总计 = ${String(values[1].raw).trim()}`);
    return plan;
  }
  result.missing.push(part(spec, allColumns(), `${cells.length} of ${N} cells printed; columns unknown`));
  return plan;
}

function sameValue(a: RawCell, b: RawCell): boolean {
  return a.reading.kind === 'value' && b.reading.kind === 'value' && a.reading.value === b.reading.value;
}

/** Chooses among the admissible splits of flattened rows with I1 and I3, column by column. */
function solveJammedRows(plans: Planned[], layout: Table3RowSpec[], result: ReaderResult): void {
  const jammed = plans.filter((p) => p.candidates !== null);
  if (jammed.length === 0) return;
  for (const p of jammed) {
    if (p.candidates && p.candidates.length === 0) {
      result.missing.push(part(p.spec, allColumns(), 'no split of the digit run satisfies the row total'));
      p.candidates = null;
    }
  }
  const open = jammed.filter((p) => p.candidates && p.candidates.length > 1);
  const fixed = new Map<string, RowValues>();
  for (const p of plans) {
    if (p.cells && !p.partial) fixed.set(p.spec.code, p.cells.map((c) => (c.reading.kind === 'value' ? c.reading.value : 0)));
    if (p.candidates && p.candidates.length === 1) fixed.set(p.spec.code, p.candidates[0]);
  }
  const total = open.reduce((acc, p) => acc * (p.candidates as number[][]).length, 1);
  const survivors: number[][][] = [];
  if (open.length > 0 && total <= MAX_COMBINATIONS) {
    const pick = new Array<number[]>(open.length);
    const walk = (k: number) => {
      if (k === open.length) {
        const values = new Map(fixed);
        open.forEach((p, i) => values.set(p.spec.code, pick[i]));
        if (identitiesHold(layout, values)) survivors.push([...pick]);
        return;
      }
      for (const c of open[k].candidates as number[][]) {
        pick[k] = c;
        walk(k + 1);
      }
    };
    walk(0);
  }
  open.forEach((p, i) => {
    const options = survivors.length > 0 ? dedupe(survivors.map((s) => s[i])) : (p.candidates as number[][]);
    const agreed = consensus(options);
    p.candidates = [agreed.map((v) => v ?? NaN)];
    const unresolved = agreed.map((v, c) => (v === null ? c : -1)).filter((c) => c >= 0);
    if (unresolved.length > 0) {
      const why = survivors.length > 0 ? 'the identities cannot choose' : total > MAX_COMBINATIONS ? 'too many combinations' : 'no combination satisfies I1/I3';
      result.missing.push(part(p.spec, unresolved, `ambiguous split: ${options.length} candidates (${why})`));
    }
  });
}

function dedupe(rows: number[][]): number[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** I1 and I3 on every column where all their cells are known. */
function identitiesHold(layout: Table3RowSpec[], values: Map<string, RowValues>): boolean {
  const get = (code: string) => values.get(code);
  for (let c = 0; c < N; c++) {
    const nw = get('applications.new')?.[c];
    const co = get('applications.carried_over')?.[c];
    const tot = get('outcome.total')?.[c];
    const cf = get('applications.carried_forward')?.[c];
    if ([nw, co, tot, cf].every((v) => typeof v === 'number') && (nw as number) + (co as number) !== (tot as number) + (cf as number)) return false;
    const outcomes = layout.filter((s) => s.role === 'outcome').map((s) => get(s.code)?.[c]);
    if (typeof tot === 'number' && outcomes.every((v) => typeof v === 'number')) {
      if (outcomes.reduce((a, b) => (a as number) + (b as number), 0) !== tot) return false;
    }
  }
  return true;
}

/** Rows placed by position (label not printed) are kept only if the identities confirm them. */
function dropUnverifiedPositional(plans: Planned[], layout: Table3RowSpec[], result: ReaderResult): void {
  const positional = plans.filter((p) => p.positional && (p.cells || p.candidates));
  if (positional.length === 0) return;
  const values = new Map<string, RowValues>();
  for (const p of plans) {
    if (p.cells && !p.partial) values.set(p.spec.code, p.cells.map((c) => (c.reading.kind === 'value' ? c.reading.value : 0)));
    if (p.candidates && p.candidates.length === 1) values.set(p.spec.code, p.candidates[0].map((v) => (Number.isNaN(v) ? 0 : v)));
  }
  const complete = ['applications.new', 'applications.carried_over', 'outcome.total', 'applications.carried_forward'].every((c) => values.has(c));
  if (complete && identitiesHold(layout, values)) {
    result.warnings.push(`table 3: ${positional.length} row(s) without a printed label placed by position, confirmed by I1/I3`);
    return;
  }
  for (const p of positional) {
    result.missing.push(part(p.spec, allColumns(), 'row label not printed; position not confirmed by the identities'));
    p.cells = null;
    p.candidates = null;
  }
}

function emitRow(p: Planned, result: ReaderResult): void {
  const row = displayLabel(p.record.label, p.spec.label);
  const columns = p.partial ? p.partial.columns : allColumns();
  if (p.cells) {
    for (const c of columns) {
      const cell = p.cells[c];
      if (!cell) continue;
      const obs = cellObservation(`${p.spec.code}.${TABLE3_COLUMNS[c].code}`, cell, 'table3', row, TABLE3_COLUMNS[c].label);
      if (obs) result.observations.push(obs);
    }
    if (p.partial) {
      const left = allColumns().filter((c) => !columns.includes(c));
      if (left.length) result.missing.push(part(p.spec, left, p.partial.reason));
    }
  } else if (p.candidates && p.candidates.length === 1) {
    p.candidates[0].forEach((v, c) => {
      if (!Number.isNaN(v)) result.observations.push(valueObservation(`${p.spec.code}.${TABLE3_COLUMNS[c].code}`, v, 'table3', row, TABLE3_COLUMNS[c].label));
    });
  }
}

function reportAbsentRows(layout: Table3RowSpec[], plans: Planned[], region: Region, result: ReaderResult): void {
  const seen = new Set(plans.map((p) => p.spec.code));
  const lastIndex = Math.max(-1, ...plans.map((p) => layout.indexOf(p.spec)));
  layout.forEach((spec, i) => {
    if (seen.has(spec.code)) return;
    const reason =
      plans.length === 0
        ? 'table 3 absent (no cells in the section)'
        : region.reachesEnd && i > lastIndex
          ? 'text ends before this row'
          : 'row not found';
    result.missing.push(part(spec, allColumns(), reason));
  });
}

function allColumns(): number[] {
  return TABLE3_COLUMNS.map((_, i) => i);
}

function part(spec: Table3RowSpec, columns: number[], reason: string) {
  return { part: `table3:${spec.label}`, indicators: columns.map((c) => `${spec.code}.${TABLE3_COLUMNS[c].code}`), reason };
}
