import { CellReading, readCell } from './normalise';

/**
 * Turns the text of one table region into row records (label text + cells), whatever the shape:
 * ` | `-separated rows (also HTML tables rendered that way), one cell per line, PDF text with
 * space-separated cells, and flattened text where labels and digit runs follow each other with no
 * separator at all. Cells are not assigned to columns here.
 */

export interface RawCell {
  raw: string;
  reading: CellReading;
  /** White space (or a cell separator) stood between this cell and the one before it in the row. */
  spaceBefore?: boolean;
}

export type RowShape = 'pipe' | 'spaced' | 'single';

export interface RowRecord {
  /** Label text printed with the cells (label cells of a ` | ` row, or the text just before the cells). */
  label: string;
  /** Other text seen since the previous row (headers, label fragments pulled out of the table). */
  context: string;
  cells: RawCell[];
  /** `single`: one token (maybe a digit run of several cells); `spaced`: tokens separated by spaces. */
  shape: RowShape;
  /** A jammed digit run that needs splitting: one token, or tokens with impossible leading zeros. */
  jammed: boolean;
  /** True when this record is the last one of a region that runs to the end of the document. */
  atEnd: boolean;
}

type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'cells'; cells: RawCell[]; line: number; spaced: boolean; pipe?: boolean; afterText?: boolean }
  | { kind: 'break' };

const UNIT_AFTER_NUMBER = /^\s*[年月日个条件项次人号%％家篇期场宗份批位名户倍万亿]/;
const ORDINAL_GROUP = /^\((?:[一二三四五六七八九十]{1,3}|\d{1,2})\)$/;
// Digits grouped by thousands (`12,345`, PDF text) are one number; a comma elsewhere is not part of it.
const NUMBER_AT = /^(?:(增加?|减少?)|([+-]))?((?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?)(万元|元)?/;

function isPipeLine(line: string): boolean {
  return line.includes('|');
}

function isRuleLine(line: string): boolean {
  return /^[\s|:\-—=]*$/.test(line) || /^\|?\s*:?-{3,}/.test(line);
}

/** Cells of a ` | ` line; label cells are the text cells before the first value. */
function pipeSegments(line: string): Segment[] {
  let parts = line.split('|');
  if (parts.length > 1 && line.trimStart().startsWith('|')) parts = parts.slice(1);
  // `… | 0 |` ends with a terminator; `… | 1 | ` ends with an empty last cell (kept).
  if (parts.length > 0 && parts[parts.length - 1] === '') parts = parts.slice(0, -1);
  const readings = parts.map((p) => ({ raw: p, reading: readCell(p.replace(/^#+\s*/, '')) }));
  const firstValue = readings.findIndex((c) => c.reading.kind === 'value' || (c.reading.kind === 'blank' && c.raw.trim() !== ''));
  const limit = firstValue === -1 ? readings.length : firstValue;
  let lastText = -1;
  for (let i = 0; i < limit; i++) if (readings[i].reading.kind === 'text') lastText = i;
  const label = readings
    .slice(0, lastText + 1)
    .filter((c) => c.reading.kind === 'text')
    .map((c) => c.raw.trim())
    .join(' ');
  const cells = readings.slice(lastText + 1);
  const out: Segment[] = [];
  if (label) out.push({ kind: 'text', text: label });
  if (cells.length > 0 && cells.some((c) => c.reading.kind !== 'text')) {
    out.push({ kind: 'cells', cells, line: -1, spaced: true, pipe: true });
  }
  out.push({ kind: 'break' });
  return out;
}

/** Scanner for text without cell separators (PDF text, flattened crawler text, one cell per line). */
function scanSegments(block: string, firstLine: number): Segment[] {
  const out: Segment[] = [];
  let text = '';
  let line = firstLine;
  let cells: RawCell[] = [];
  let cellsLine = line;
  let cellsAfterText = false;
  let spaced = false;
  let lastWasNumber = false;
  const flushText = () => {
    const t = text.trim();
    if (t) out.push({ kind: 'text', text: t });
    text = '';
  };
  const flushCells = () => {
    if (cells.length) out.push({ kind: 'cells', cells, line: cellsLine, spaced, afterText: cellsAfterText });
    cells = [];
    spaced = false;
  };
  let i = 0;
  while (i < block.length) {
    const ch = block[i];
    if (ch === '\n') {
      if (cells.length) flushCells();
      flushText();
      line++;
      lastWasNumber = false;
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      if (!cells.length) text += ch;
      i++;
      continue;
    }
    if (ch === '(') {
      const close = block.indexOf(')', i);
      const open = block.indexOf('(', i + 1);
      if (close !== -1 && close - i <= 120 && (open === -1 || open > close)) {
        const group = block.slice(i, close + 1);
        const previous = out[out.length - 1];
        // A note printed on the line after its number (`22` / `(其中修订16件)`) belongs to that number.
        const noteTarget =
          lastWasNumber && cells.length ? cells : !cells.length && !text.trim() && previous?.kind === 'cells' ? previous.cells : null;
        if (noteTarget && !ORDINAL_GROUP.test(group.replace(/\s/g, ''))) {
          const last = noteTarget[noteTarget.length - 1];
          if (last.reading.kind === 'value') last.reading = { ...last.reading, note: group.slice(1, -1) };
        } else {
          if (cells.length) flushCells();
          text += group.replace(/\n/g, '');
        }
        line += (group.match(/\n/g) ?? []).length;
        i = close + 1;
        continue;
      }
    }
    const prev = i > 0 ? block[i - 1] : '\n';
    const rest = block.slice(i);
    const m = /[\d增减+-]/.test(ch) ? NUMBER_AT.exec(rest) : null;
    // A sign right after the digits of a cell starts the next, signed cell (`88-720`, `16减12`).
    const signedAfterCell = !!m && !!(m[1] || m[2]) && cells.length > 0 && /\d/.test(prev);
    const signOk = !m || !m[2] || /[\s|]/.test(prev) || signedAfterCell;
    const afterAdjacentPlaceholder = cells.length > 0 && /[/／—_]/.test(prev) && cells[cells.length - 1].reading.kind === 'blank';
    if (m && signOk && (signedAfterCell || afterAdjacentPlaceholder || !/[A-Za-z@./:#_\d]/.test(prev)) && prev !== '第') {
      let token = m[0];
      const after = rest.slice(token.length);
      // A count with its unit followed by the next cell (`政府集中采购1个246900元`, `2笔 984361元`) is a cell.
      const countUnit = m[4] ? null : /^([个笔项件])[ \t]*(?=\d)/.exec(after);
      if (countUnit) token += countUnit[1];
      else if (UNIT_AFTER_NUMBER.test(after) || /^[A-Za-z@]/.test(after)) {
        text += token;
        i += token.length;
        lastWasNumber = false;
        continue;
      }
      // `…00000002.其他…`: the row label's ordinal follows the previous row's digits.
      if (/^[.、]\D/.test(after) && !m[4] && !token.includes('.')) {
        if (token.length === 1 || m[1] || m[2]) {
          text += token;
          i += token.length;
          lastWasNumber = false;
          continue;
        }
        token = token.slice(0, -1);
      }
      // For the first cell: white space between the row's label and its number (PDF text) rather than
      // digits run into the label (flattened text).
      const spaceBefore = /\s/.test(prev);
      if (!cells.length) {
        cellsAfterText = text.trim() !== '';
        flushText();
        cellsLine = line;
      } else if (spaceBefore) {
        spaced = true;
      }
      cells.push({ raw: token, reading: readCell(token), spaceBefore });
      i += token.length;
      lastWasNumber = true;
      continue;
    }
    const spacedPlaceholder = /^(?:[/／—－_]+|-+|无)(?=\s|$|\|)/.exec(rest);
    const placeholder = spacedPlaceholder && /[\s|]/.test(prev) ? spacedPlaceholder : null;
    // A placeholder run into the digits of the row (`312/5`, `100——`) is a cell of the row, not its end.
    const adjacent = !placeholder && cells.length > 0 && /\d/.test(prev) ? /^[/／—_]+/.exec(rest) : null;
    const token = placeholder ?? adjacent;
    if (token) {
      if (!cells.length) {
        cellsAfterText = text.trim() !== '';
        flushText();
        cellsLine = line;
      } else if (placeholder) spaced = true;
      cells.push({ raw: token[0], reading: { kind: 'blank' }, spaceBefore: !adjacent });
      i += token[0].length;
      lastWasNumber = false;
      continue;
    }
    if (cells.length) flushCells();
    text += ch;
    lastWasNumber = false;
    i++;
  }
  if (cells.length) flushCells();
  flushText();
  return out;
}

/** Pipe characters mean cell separators only when rows carry several cells per line. */
function pipeRowsDominant(lines: string[]): boolean {
  let withDigits = 0;
  let multi = 0;
  for (const l of lines) {
    if (!isPipeLine(l) || !/\d/.test(l)) continue;
    withDigits++;
    const nonEmpty = l.split('|').filter((p) => p.trim() !== '').length;
    if (nonEmpty >= 2) multi++;
  }
  return withDigits > 0 && multi / withDigits >= 0.5;
}

export function segmentRows(region: string, reachesEnd: boolean): RowRecord[] {
  const lines = region.split('\n');
  const pipeMode = pipeRowsDominant(lines);
  const segments: Segment[] = [];
  let block: string[] = [];
  let blockStart = 0;
  const flushBlock = () => {
    if (block.length) segments.push(...scanSegments(block.join('\n'), blockStart));
    block = [];
  };
  lines.forEach((raw, idx) => {
    const line = raw.replace(/^#+\s+/, '');
    if (isRuleLine(line) && line.trim() !== '') return;
    if (pipeMode && isPipeLine(line)) {
      flushBlock();
      segments.push(...pipeSegments(line));
      return;
    }
    if (!block.length) blockStart = idx;
    // Outside pipe mode a `|` is a cell terminator of a one-cell-per-line layout.
    block.push(pipeMode ? line : line.replace(/\|/g, ' '));
  });
  flushBlock();
  return assembleRows(segments, reachesEnd, pipeMode);
}

function assembleRows(segments: Segment[], reachesEnd: boolean, pipeMode: boolean): RowRecord[] {
  const rows: RowRecord[] = [];
  let pending: string[] = [];
  let current: (RowRecord & { lastLine: number; lastSingle: boolean; startedAfterText: boolean }) | null = null;
  const finish = () => {
    if (current) rows.push(current);
    current = null;
  };
  for (const seg of segments) {
    if (seg.kind === 'break') {
      finish();
      continue;
    }
    if (seg.kind === 'text') {
      finish();
      pending.push(seg.text);
      continue;
    }
    const single = seg.cells.length === 1;
    const c = current as (RowRecord & { lastLine: number; lastSingle: boolean; startedAfterText: boolean }) | null;
    // One cell per line (label on a line of its own, then each cell): later single lines join the row;
    // a single number on the label's own line is a row of its own, and what follows is not its cells.
    if (c && !pipeMode && single && c.lastSingle && seg.line !== c.lastLine && !c.startedAfterText) {
      c.cells.push(...seg.cells.map((cell) => ({ ...cell, spaceBefore: true })));
      c.lastLine = seg.line;
      c.shape = 'spaced';
      c.jammed = false;
      continue;
    }
    finish();
    const label = pending.length ? pending[pending.length - 1] : '';
    const context = pending.slice(0, -1).join(' ');
    const jammed = isJammed(seg.cells, seg.spaced);
    current = {
      label,
      context,
      cells: seg.cells,
      shape: seg.pipe ? 'pipe' : single ? 'single' : 'spaced',
      jammed: !seg.pipe && jammed,
      atEnd: false,
      lastLine: seg.line,
      lastSingle: single,
      startedAfterText: seg.afterText ?? false,
    };
    pending = [];
  }
  finish();
  if (reachesEnd && rows.length) rows[rows.length - 1].atEnd = true;
  return rows.map((r) => ({ label: r.label, context: r.context, cells: r.cells, shape: r.shape, jammed: r.jammed, atEnd: r.atEnd }));
}

/** Tokens that cannot be cells of their own (`00`, `000023`) betray a digit run cut by stray spaces. */
function isJammed(cells: RawCell[], spaced: boolean): boolean {
  const digits = cells.filter((c) => /^\d+$/.test(c.raw));
  if (!spaced) return cells.length === 1 && digits.length === 1 && digits[0].raw.length > 1;
  return digits.length === cells.length && digits.some((c) => /^0\d/.test(c.raw));
}

/** Digits of a jammed row, spaces removed. */
export function jammedDigits(row: RowRecord): string {
  return row.cells.map((c) => c.raw.trim()).join('');
}
