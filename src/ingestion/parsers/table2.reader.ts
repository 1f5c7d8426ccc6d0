import { consensus, splitFree } from './digit-run-splitter';
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

export function readTable2(region: Region | null, version: LayoutVersion, prose: string): ReaderResult {
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
  const hints = table2NarrativeHints(prose);
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
        const reason = rows.length === 0 ? 'table 2 absent (no cells in the section)' : region.reachesEnd ? 'row not found (text may end before it)' : 'row not found';
        result.missing.push(part(spec, spec.columns.map((_, i) => i), reason));
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

function readRow(spec: Table2RowSpec, record: RowRecord, hints: Map<string, number>, orphan: Orphan | null, result: ReaderResult): void {
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
  if (cells.length >= n) {
    const extra = cells.slice(n).filter((c) => c.reading.kind === 'value');
    if (extra.length > 0 && record.shape !== 'pipe') {
      result.missing.push(part(spec, spec.columns.map((_, i) => i), `${cells.length} cells printed for ${n} columns`));
      return;
    }
    emitCells(cells, spec.columns.map((_, i) => i));
    return;
  }
  if (cells.length === 1 && n > 1 && /^\d[\d.]*(万?元)?$/.test(cells[0].raw.trim())) {
    const split = splitFree(cells[0].raw.trim(), n, spec.columns.map((c) => /amount/.test(c.code)));
    const candidates = filterCandidates(spec, split.candidates, hints);
    emitFilled(consensus(candidates).concat(candidates.length ? [] : spec.columns.map(() => null)).slice(0, n), `ambiguous split: ${candidates.length} candidates`);
    return;
  }
  if (orphan) {
    emitFilled(fillWithOrphan(spec, cells, orphan), 'value detached from the table; position not certain');
    return;
  }
  if (record.atEnd) {
    emitCells(cells, cells.map((_, i) => i));
    result.missing.push(part(spec, spec.columns.map((_, i) => i).slice(cells.length), `cut off after ${cells.length} of ${n} cells`));
    return;
  }
  result.missing.push(part(spec, spec.columns.map((_, i) => i), `${cells.length} of ${n} cells printed; columns unknown`));
}

/** Narrative figures; a figure that would reject every candidate is ignored. */
function filterCandidates(spec: Table2RowSpec, candidates: number[][], hints: Map<string, number>): number[][] {
  let out = candidates;
  const cols = spec.columns.map((c) => c.code);
  // Only figures stated elsewhere in the report narrow the split; plausibility (e.g. 新公开 ≤ 总数)
  // is not used because real reports break it.
  const rules: ((v: number[]) => boolean)[] = [];
  cols.forEach((c, i) => {
    const hint = hints.get(`${spec.prefix}.${c}`);
    if (hint !== undefined) rules.push((v) => v[i] === hint);
  });
  for (const rule of rules) {
    const kept = out.filter(rule);
    if (kept.length > 0) out = kept;
  }
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
