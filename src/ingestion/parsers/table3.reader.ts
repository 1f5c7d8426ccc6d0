import { type Agreed, type SplitValue, TOO_LONG, consensus, readRowTokens } from './digit-run-splitter';
import { LayoutVersion, OtherRowsVariant, TABLE3_COLUMNS, Table3RowSpec, table3Layout } from './format-layout';
import { alignRows } from './row-alignment';
import { labelKey } from './normalise';
import { RawCell, RowRecord, segmentRows } from './row-segmenter';
import { ReaderResult, cellObservation, displayLabel, emptyResult, valueObservation } from './reader-result';
import type { Region } from './table-regions';

/**
 * Table 3 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 columns. Rows are aligned to the standard
 * order; flattened digit runs are split under I2 (six applicant columns sum to 总计) and, across rows,
 * I1 (新收 + 上年结转 = 总计 + 结转下年度) and I3 (outcome rows sum to （七）总计), per column.
 */

const N = TABLE3_COLUMNS.length;
const MAX_COMBINATIONS = 20000;

type RowValues = (number | undefined)[];

interface Planned {
  spec: Table3RowSpec;
  record: RowRecord;
  positional: boolean;
  cells: RawCell[] | null;
  /** The admissible readings of a row whose digits ran together (null: not such a row). */
  candidates: SplitValue[][] | null;
  /** Its cells once the identities have chosen: undefined where they could not. */
  resolved?: Agreed[] | null;
  /** Columns taken from a partial row (cut off, or the 2-value convention); others reported missing. */
  partial: { columns: number[]; reason: string } | null;
}

export function chooseOtherVariant(rows: RowRecord[], version: LayoutVersion): OtherRowsVariant {
  const text = rows
    .map((r) => `${r.context}${r.label}`)
    .join('')
    .replace(/\s/g, '');
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
  const labelOnly = separateMergedLabels(rows, layout);
  const aligned = alignRows(
    rows,
    layout.map((s) => s.keys),
  );
  const plans: Planned[] = aligned.map((a) => planRow(layout[a.specIndex], a.record, a.positional, result));
  solveJammedRows(plans, layout, result);
  dropUnverifiedPositional(plans, layout, result);
  for (const p of plans) emitRow(p, result);
  reportAbsentRows(layout, plans, region, labelOnly, result);
  return result;
}

/**
 * Flattened text prints a row without cells as its label only, so its label runs into the next row's
 * (`2.申请人逾期未按收费…3.其他(七)总计5000005`): the cells belong to the last label, the labels before it
 * are rows printed without cells. The record keeps only its own label; the others are returned.
 */
function separateMergedLabels(rows: RowRecord[], layout: Table3RowSpec[]): Set<string> {
  const labelOnly = new Set<string>();
  for (const record of rows) {
    const text = labelKey(record.label);
    const hits: { spec: number; start: number; end: number }[] = [];
    layout.forEach((spec, i) => {
      for (const key of spec.keys) {
        const at = text.lastIndexOf(key);
        if (at !== -1) hits.push({ spec: i, start: at, end: at + key.length });
      }
    });
    if (hits.length < 2) continue;
    const last = hits.reduce((a, b) => (b.end > a.end || (b.end === a.end && b.start < a.start) ? b : a));
    if (text.length - last.end > 3) continue;
    const before = hits.filter((h) => h.spec < last.spec && h.end <= last.start);
    if (before.length === 0) continue;
    for (const h of before) labelOnly.add(layout[h.spec].code);
    record.label = layout[last.spec].label;
  }
  return labelOnly;
}

function planRow(spec: Table3RowSpec, record: RowRecord, positional: boolean, result: ReaderResult): Planned {
  const plan: Planned = { spec, record, positional, cells: null, candidates: null, partial: null };
  let cells = record.cells;
  const values = cells.filter((c) => c.reading.kind === 'value');
  if (cells.length > N) {
    const extra = cells.slice(N).filter((c) => c.reading.kind === 'value');
    if (extra.length > 0) {
      result.missing.push(part(spec, allColumns(), `${cells.length} cells printed for ${N} columns: columns unknown`));
      return plan;
    }
    cells = cells.slice(0, N);
  }
  if (record.shape === 'pipe' && cells.length === N) {
    plan.cells = cells;
    return plan;
  }
  if (record.shape !== 'pipe') {
    // Tokens separated by spaces (`500000 5`) may still be a run of digits cut by stray spaces when they
    // hold enough digits for the row; such a split stands only if I2 confirms it.
    const digits = cells.reduce((a, c) => a + c.raw.replace(/\D/g, '').length, 0);
    const reading = readRowTokens(
      cells.map((c) => ({ raw: c.raw, spaceBefore: c.spaceBefore ?? true })),
      TABLE3_COLUMNS.map(() => 'count'),
      { splitSpaced: digits >= N },
    );
    if (reading.how === 'printed') {
      plan.cells = cells;
      return plan;
    }
    if (reading.how === 'split') {
      // I2 (six applicant columns sum to 总计) chooses among the splits; a row whose digits allow one
      // split only is read as printed even when its 总计 disagrees (a publisher's error, flagged by I2).
      const byTotal = reading.candidates.filter(rowTotalHolds);
      if (byTotal.length > 0) plan.candidates = byTotal;
      // (Unproven but exactly seven digits: the one reading as a run is seven single digits; the other,
      // one count in the millions beside six empty cells, is not a reading of this table.)
      else if (reading.candidates.length === 1 && (reading.proven || digits === N)) plan.candidates = reading.candidates;
      else plan.candidates = [];
      return plan;
    }
    if (reading.reason === TOO_LONG) {
      result.warnings.push(`table 3 ${spec.label}: digit run too long to split reliably`);
      plan.candidates = [];
      return plan;
    }
  }
  if (record.atEnd && cells.length < N) {
    plan.cells = cells;
    plan.partial = { columns: cells.map((_, i) => i), reason: `cut off after ${cells.length} of ${N} cells` };
    return plan;
  }
  if (
    record.shape !== 'pipe' &&
    values.length === 2 &&
    cells.length === 2 &&
    sameValue(values[0], values[1]) &&
    cells.every((c) => /^(?:0|[1-9]\d*)$/.test(c.raw.trim()))
  ) {
    // Empty cells dropped by the source: a row printing one number twice is read as 自然人 = 总计.
    plan.cells = [cells[0], ...new Array<RawCell>(N - 2).fill({ raw: '', reading: { kind: 'text' } }), cells[1]];
    plan.partial = { columns: [0, N - 1], reason: `only 2 of ${N} cells printed (empty cells dropped); read as 自然人 and 总计` };
    result.warnings.push(`table 3 ${spec.label}: 2 of 7 cells printed; assumed 自然人 = 总计 = ${String(values[1].raw).trim()}`);
    return plan;
  }
  result.missing.push(part(spec, allColumns(), `${cells.length} of ${N} cells printed; columns unknown`));
  return plan;
}

function rowTotalHolds(values: SplitValue[]): boolean {
  return values.slice(0, N - 1).reduce<number>((a, v) => a + (v ?? 0), 0) === (values[N - 1] ?? 0);
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
    if (p.cells && !p.partial) fixed.set(p.spec.code, printedValues(p.cells));
    if (p.candidates && p.candidates.length === 1)
      fixed.set(
        p.spec.code,
        p.candidates[0].map((v) => v ?? 0),
      );
  }
  const total = open.reduce((acc, p) => acc * (p.candidates as SplitValue[][]).length, 1);
  const survivors: SplitValue[][][] = [];
  if (open.length > 0 && total <= MAX_COMBINATIONS) {
    const pick = new Array<SplitValue[]>(open.length);
    const walk = (k: number) => {
      if (k === open.length) {
        const values = new Map(fixed);
        open.forEach((p, i) =>
          values.set(
            p.spec.code,
            pick[i].map((v) => v ?? 0),
          ),
        );
        if (identitiesHold(layout, values)) survivors.push([...pick]);
        return;
      }
      for (const c of open[k].candidates as SplitValue[][]) {
        pick[k] = c;
        walk(k + 1);
      }
    };
    walk(0);
  }
  for (const p of jammed) if (p.candidates && p.candidates.length === 1) p.resolved = p.candidates[0];
  open.forEach((p, i) => {
    const options = survivors.length > 0 ? dedupe(survivors.map((s) => s[i])) : (p.candidates as SplitValue[][]);
    const agreed = consensus(options);
    p.resolved = agreed;
    const unresolved = agreed.map((v, c) => (v === undefined ? c : -1)).filter((c) => c >= 0);
    if (unresolved.length > 0) {
      const why =
        survivors.length > 0
          ? 'the identities cannot choose'
          : total > MAX_COMBINATIONS
            ? 'too many combinations'
            : 'no combination satisfies I1/I3';
      result.missing.push({
        ...part(p.spec, unresolved, `ambiguous split: ${options.length} candidates (${why})`),
        candidates: {
          indicators: allColumns().map((c) => `${p.spec.code}.${TABLE3_COLUMNS[c].code}`),
          values: options,
          sources: TABLE3_COLUMNS.map((c) => ({ table: 'table3', row: displayLabel(p.record.label, p.spec.label), column: c.label })),
        },
      });
    }
  });
}

function printedValues(cells: RawCell[]): RowValues {
  return cells.map((c) => (c.reading.kind === 'value' ? c.reading.value : 0));
}

function dedupe(rows: SplitValue[][]): SplitValue[][] {
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
    if ([nw, co, tot, cf].every((v) => typeof v === 'number') && (nw as number) + (co as number) !== (tot as number) + (cf as number))
      return false;
    const outcomes = layout.filter((s) => s.role === 'outcome').map((s) => get(s.code)?.[c]);
    if (typeof tot === 'number' && outcomes.every((v) => typeof v === 'number')) {
      if (outcomes.reduce((a, b) => (a as number) + (b as number), 0) !== tot) return false;
    }
  }
  return true;
}

/** Rows placed by position (label not printed) are kept only if the identities confirm them. */
function dropUnverifiedPositional(plans: Planned[], layout: Table3RowSpec[], result: ReaderResult): void {
  const positional = plans.filter((p) => p.positional && (p.cells || p.resolved));
  if (positional.length === 0) return;
  const values = new Map<string, RowValues>();
  for (const p of plans) {
    if (p.cells && !p.partial) values.set(p.spec.code, printedValues(p.cells));
    if (p.resolved)
      values.set(
        p.spec.code,
        p.resolved.map((v) => (v === undefined ? undefined : (v ?? 0))),
      );
  }
  const complete = ['applications.new', 'applications.carried_over', 'outcome.total', 'applications.carried_forward'].every((c) =>
    values.has(c),
  );
  if (complete && identitiesHold(layout, values)) {
    result.warnings.push(`table 3: ${positional.length} row(s) without a printed label placed by position, confirmed by I1/I3`);
    return;
  }
  for (const p of positional) {
    result.missing.push(part(p.spec, allColumns(), 'row label not printed; position not confirmed by the identities'));
    p.cells = null;
    p.resolved = null;
  }
}

function emitRow(p: Planned, result: ReaderResult): void {
  const row = displayLabel(p.record.label, p.spec.label);
  const columns = p.partial ? p.partial.columns : allColumns();
  const codeOf = (c: number) => `${p.spec.code}.${TABLE3_COLUMNS[c].code}`;
  if (p.cells) {
    for (const c of columns) {
      const cell = p.cells[c];
      if (!cell) continue;
      const obs = cellObservation(codeOf(c), cell, 'table3', row, TABLE3_COLUMNS[c].label);
      if (obs) result.observations.push(obs);
    }
    if (p.partial) {
      const left = allColumns().filter((c) => !columns.includes(c));
      if (left.length) result.missing.push(part(p.spec, left, p.partial.reason));
    }
  } else if (p.resolved) {
    p.resolved.forEach((v, c) => {
      if (v === undefined) return;
      const column = TABLE3_COLUMNS[c].label;
      result.observations.push(
        v === null
          ? { indicator: codeOf(c), value: null, status: 'BLANK', table: 'table3', row, column }
          : valueObservation(codeOf(c), v, 'table3', row, column),
      );
    });
  }
}

function reportAbsentRows(layout: Table3RowSpec[], plans: Planned[], region: Region, labelOnly: Set<string>, result: ReaderResult): void {
  const seen = new Set(plans.map((p) => p.spec.code));
  const lastIndex = Math.max(-1, ...plans.map((p) => layout.indexOf(p.spec)));
  layout.forEach((spec, i) => {
    if (seen.has(spec.code)) return;
    const reason =
      plans.length === 0
        ? 'table 3 absent (no cells in the section)'
        : labelOnly.has(spec.code)
          ? 'row printed without cells'
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
