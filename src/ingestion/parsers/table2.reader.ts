import { type ColumnKind, type SplitValue, consensus, narrow, readRowTokens } from './digit-run-splitter';
import { LayoutVersion, TABLE2_LAYOUT, Table2RowSpec, isLocalExtension } from './format-layout';
import { LABEL_THRESHOLD, rowScore } from './row-alignment';
import { RawCell, RowRecord, segmentRows } from './row-segmenter';
import { ReaderResult, cellObservation, displayLabel, emptyResult, valueObservation } from './reader-result';
import { table2NarrativeHints } from './narrative.reader';
import type { Region } from './table-regions';

/**
 * Table 2 (主动公开政府信息情况). Row labels are distinctive, so rows are matched by label alone.
 * Limits: a flattened row (`行政规范性文件693665`) has no identity inside it; only splits agreed on by
 * every admissible candidate (after narrative hints and hard plausibility rules) are emitted.
 */

type Filled = (number | null)[];

interface Orphan {
  value: number;
  note: string | null;
}

export function readTable2(region: Region | null, version: LayoutVersion, prose: string, year: number | null = null): ReaderResult {
  const result = emptyResult();
  if (!region) return result;
  const layout = TABLE2_LAYOUT[version];
  const rows = segmentRows(region.text, region.reachesEnd).filter((r) => r.cells.length > 0);
  const matched = new Map<Table2RowSpec, RowRecord>();
  const orphans: Orphan[] = [];
  for (const record of rows) {
    const scored = layout.map((spec) => ({ spec, score: rowScore(record, spec.keys) })).sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (!best || best.score < LABEL_THRESHOLD) {
      for (const c of record.cells) if (c.reading.kind === 'value') orphans.push({ value: c.reading.value, note: c.reading.note });
      continue;
    }
    if (matched.has(best.spec)) {
      result.warnings.push(`table 2: row ${best.spec.label} printed twice; the first kept`);
      continue;
    }
    matched.set(best.spec, record);
  }
  const hints = table2NarrativeHints(prose, year);
  const shortRows = layout.filter((s) => {
    const r = matched.get(s);
    return r && r.cells.length < s.columns.length && r.shape === 'pipe';
  });
  const orphanFor = new Map<Table2RowSpec, Orphan>();
  if (orphans.length > 0 && orphans.length === shortRows.length) shortRows.forEach((s, i) => orphanFor.set(s, orphans[i]));
  for (const spec of layout) {
    const record = matched.get(spec);
    if (!record) {
      if (!isLocalExtension(spec.prefix)) {
        const reason =
          rows.length === 0
            ? 'table 2 absent (no cells in the section)'
            : region.reachesEnd
              ? 'row not found (text may end before it)'
              : 'row not found';
        result.missing.push(
          part(
            spec,
            spec.columns.map((_, i) => i),
            reason,
          ),
        );
      }
      continue;
    }
    if (isLocalExtension(spec.prefix)) result.warnings.push(`table 2: local row ${spec.label} coded ${spec.prefix}.*`);
    readRow(spec, record, hints, orphanFor.get(spec) ?? null, result);
  }
  if (orphans.length > 0 && orphanFor.size === 0) {
    result.warnings.push(`table 2: ${orphans.length} value(s) printed outside any row were ignored`);
  }
  return result;
}

function readRow(
  spec: Table2RowSpec,
  record: RowRecord,
  hints: Map<string, Set<number>>,
  orphan: Orphan | null,
  result: ReaderResult,
): void {
  const n = spec.columns.length;
  const row = displayLabel(record.label, spec.label);
  const cells = record.cells;
  const emitCells = (list: RawCell[], columns: number[]) => {
    for (const c of columns) {
      const obs = cellObservation(code(spec, c), list[c], 'table2', row, spec.columns[c].label);
      if (obs) result.observations.push(obs);
    }
  };
  const emitFilled = (values: Filled, reason: string) => {
    values.forEach((v, c) => {
      if (v !== null) result.observations.push(valueObservation(code(spec, c), v, 'table2', row, spec.columns[c].label));
    });
    const left = values.map((v, c) => (v === null ? c : -1)).filter((c) => c >= 0);
    if (left.length) result.missing.push(part(spec, left, reason));
  };
  if (record.shape !== 'pipe') {
    const reading = readRowTokens(
      cells.map((c) => ({ raw: c.raw, spaceBefore: c.spaceBefore ?? true })),
      spec.columns.map((c) => columnKind(c.code)),
    );
    if (reading.how !== 'unreadable') {
      emitAgreed(spec, row, narrowByHints(spec, reading.candidates, hints), result);
      return;
    }
    if (record.atEnd && cells.length < n && cells.every((c) => c.reading.kind !== 'text')) {
      emitCells(
        cells,
        cells.map((_, i) => i),
      );
      result.missing.push(part(spec, spec.columns.map((_, i) => i).slice(cells.length), `cut off after ${cells.length} of ${n} cells`));
      return;
    }
    result.missing.push(
      part(
        spec,
        spec.columns.map((_, i) => i),
        reading.reason ?? 'cells not readable',
      ),
    );
    return;
  }
  if (cells.length >= n) {
    emitCells(
      cells,
      spec.columns.map((_, i) => i),
    );
    return;
  }
  if (orphan) {
    emitFilled(fillWithOrphan(spec, cells, orphan), 'value detached from the table; position not certain');
    return;
  }
  if (record.atEnd) {
    emitCells(
      cells,
      cells.map((_, i) => i),
    );
    result.missing.push(part(spec, spec.columns.map((_, i) => i).slice(cells.length), `cut off after ${cells.length} of ${n} cells`));
    return;
  }
  result.missing.push(
    part(
      spec,
      spec.columns.map((_, i) => i),
      `${cells.length} of ${n} cells printed; columns unknown`,
    ),
  );
}

/** 本年增/减 may be negative; amounts may carry decimals; every other table-2 cell is a count. */
function columnKind(code: string): ColumnKind {
  if (code === 'items_change') return 'change';
  return /amount/.test(code) ? 'money' : 'count';
}

/** Cells every remaining reading agrees on; the others are declared missing with the candidates kept. */
function emitAgreed(spec: Table2RowSpec, row: string, candidates: SplitValue[][], result: ReaderResult): void {
  const agreed = consensus(candidates);
  agreed.forEach((v, c) => {
    if (v === undefined) return;
    const column = spec.columns[c].label;
    result.observations.push(
      v === null
        ? { indicator: code(spec, c), value: null, status: 'BLANK', table: 'table2', row, column }
        : valueObservation(code(spec, c), v, 'table2', row, column),
    );
  });
  const left = agreed.map((v, c) => (v === undefined ? c : -1)).filter((c) => c >= 0);
  if (left.length === 0) return;
  result.missing.push({
    ...part(spec, left, `ambiguous split: ${candidates.length} candidates`),
    candidates: {
      indicators: spec.columns.map((_, c) => code(spec, c)),
      values: candidates,
      sources: spec.columns.map((c) => ({ table: 'table2', row, column: c.label })),
    },
  });
}

/** Narrative figures (`现行有效行政规范性文件698件`) keep the readings that print them. */
function narrowByHints(spec: Table2RowSpec, candidates: SplitValue[][], hints: Map<string, Set<number>>): SplitValue[][] {
  let out = candidates;
  spec.columns.forEach((c, i) => {
    const stated = hints.get(`${spec.prefix}.${c.code}`);
    if (stated) out = narrow(out, (v) => v[i] !== null && stated.has(v[i])).kept;
  });
  return out;
}

/**
 * A short ` | ` row plus one value pulled out of the table (multi-line cell of a PDF). The value's
 * note names its column when it can (`其中修订` → 制发, `失效`/`废止` → 废止); a printed cell equal to
 * the detached value may be a copy of it, so that cell's column is left unknown.
 */
function fillWithOrphan(spec: Table2RowSpec, cells: RawCell[], orphan: Orphan): Filled {
  const n = spec.columns.length;
  const printed = cells.map((c) => (c.reading.kind === 'value' ? c.reading.value : null));
  const byNote = noteColumn(spec, orphan.note);
  const positions = byNote !== null ? [byNote] : spec.columns.map((_, i) => i);
  const options: Filled[] = [];
  for (const pos of positions) {
    if (printed.length !== n - 1) continue;
    const filled: Filled = [];
    let k = 0;
    for (let c = 0; c < n; c++) filled.push(c === pos ? orphan.value : printed[k++]);
    options.push(filled);
    filled.forEach((v, c) => {
      if (c !== pos && v === orphan.value) options.push(filled.map((x, i) => (i === c ? null : x)));
    });
  }
  if (options.length === 0) return spec.columns.map(() => null);
  return options[0].map((v, c) => (options.every((o) => o[c] === v) ? v : null));
}

function noteColumn(spec: Table2RowSpec, note: string | null): number | null {
  if (!note) return null;
  const cols = spec.columns.map((c) => c.code);
  const rules: [RegExp, string][] = [
    [/修订|修改|制定|制发|新制/, 'issued'],
    [/废止|失效/, 'repealed'],
    [/现行|有效/, 'in_force'],
  ];
  for (const [re, col] of rules) if (re.test(note) && cols.includes(col)) return cols.indexOf(col);
  return null;
}

function code(spec: Table2RowSpec, column: number): string {
  return `${spec.prefix}.${spec.columns[column].code}`;
}

function part(spec: Table2RowSpec, columns: number[], reason: string) {
  return { part: `table2:${spec.label}`, indicators: columns.map((c) => code(spec, c)), reason };
}
