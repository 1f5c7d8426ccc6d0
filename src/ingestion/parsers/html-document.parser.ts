import { parse } from 'parse5';
import { ImportRejectedError } from '../../errors';

/**
 * HTML → plain text lines. Block elements become lines; every `<table>` is expanded to a grid first
 * (rowspan/colspan) and each grid row becomes one ` | `-separated line, so that the table readers see
 * exact cell positions, empty cells included.
 * Limit: a *value* cell spanning several columns or rows is written once (in its first slot); label
 * cells are repeated across their span.
 */

interface Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'dd',
  'dt',
  'dl',
  'hr',
  'title',
  'center',
  'form',
  'main',
  'nav',
  'aside',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object']);

/** Deepest element nesting read (real pages stay far below; the walks below are recursive). */
export const MAX_HTML_DEPTH = 500;

function tooDeep(): ImportRejectedError {
  return new ImportRejectedError(
    'NOT_A_REPORT',
    `The HTML nests elements more than ${MAX_HTML_DEPTH} levels deep, which no report page does: upload the report's own page or its text.`,
  );
}

export function htmlToText(html: string): string {
  const doc = parse(html) as unknown as Node;
  const lines: string[] = [];
  let current = '';
  const newline = () => {
    if (current.trim()) lines.push(current.trim());
    current = '';
  };
  const walk = (node: Node, depth: number) => {
    if (depth > MAX_HTML_DEPTH) throw tooDeep();
    const name = node.nodeName;
    if (name === '#text') {
      current += (node.value ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (name === '#comment' || SKIP.has(name)) return;
    if (name === 'table') {
      newline();
      lines.push(...renderTable(node));
      return;
    }
    const block = BLOCK.has(name);
    if (block) newline();
    for (const child of node.childNodes ?? []) walk(child, depth + 1);
    if (block) newline();
  };
  walk(doc, 0);
  newline();
  return lines.join('\n');
}

function attr(node: Node, name: string): string | undefined {
  return node.attrs?.find((a) => a.name === name)?.value;
}

function span(node: Node, name: string): number {
  const n = Number.parseInt(attr(node, name) ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 50) : 1;
}

function textOf(node: Node, depth = 0): string {
  if (depth > MAX_HTML_DEPTH) throw tooDeep();
  if (node.nodeName === '#text') return node.value ?? '';
  if (SKIP.has(node.nodeName)) return '';
  const inner = (node.childNodes ?? []).map((child) => textOf(child, depth + 1)).join('');
  return node.nodeName === 'br' || BLOCK.has(node.nodeName) || node.nodeName === 'tr' ? ` ${inner} ` : inner;
}

function collectRows(node: Node, out: Node[]): void {
  for (const child of node.childNodes ?? []) {
    if (child.nodeName === 'tr') out.push(child);
    else if (child.nodeName === 'thead' || child.nodeName === 'tbody' || child.nodeName === 'tfoot') collectRows(child, out);
  }
}

const VALUE_LIKE = /^[+-]?\d[\d.,]*\s*(?:万?元)?$/;

function renderTable(table: Node): string[] {
  const rows: Node[] = [];
  collectRows(table, rows);
  const grid: (string | undefined)[][] = [];
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of tr.childNodes ?? []) {
      if (cell.nodeName !== 'td' && cell.nodeName !== 'th') continue;
      while (grid[r][c] !== undefined) c++;
      const text = textOf(cell).replace(/\s+/g, ' ').trim();
      const rs = span(cell, 'rowspan');
      const cs = span(cell, 'colspan');
      const isValue = VALUE_LIKE.test(text);
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) {
          grid[r + dr][c + dc] = isValue && (dr > 0 || dc > 0) ? '' : text;
        }
      }
      c += cs;
    }
  });
  return grid
    .filter((row) => row.some((t) => t !== undefined && t !== ''))
    .map((row) => {
      const cells = Array.from({ length: row.length }, (_, i) => (row[i] ?? '').replace(/\|/g, '/'));
      // A line must not start with `|` (read as a markdown row opener): an empty first cell is written `—`.
      if (cells[0] === '') cells[0] = '—';
      return cells.map((t) => ` ${t} `).join('|');
    });
}
