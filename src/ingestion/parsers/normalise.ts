import type * as OpenCCModule from 'opencc-js';

/**
 * Text normalisation shared by every input shape. Everything downstream (label matching, number
 * reading, prose patterns) assumes text that went through `normaliseText` once.
 */

// Built lazily: the module and its dictionaries are loaded on first use (~50 ms, several MB resident),
// and most reports are simplified; a server answering queries never needs them.
let toSimplified: ((text: string) => string) | null = null;

function convertToSimplified(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  const convert = (toSimplified ??= (require('opencc-js') as typeof OpenCCModule).Converter({ from: 'hk', to: 'cn' }));
  return convert(text);
}

/** Characters that exist only in traditional script and are frequent in these reports. */
const TRADITIONAL_MARKERS = /[開資報據與關處時數條務應規檔區縣項總計結辦請審維糾復訴訟當為國]/g;

/** Traditional text is converted only when it clearly is traditional, to leave simplified text untouched. */
export function looksTraditional(text: string): boolean {
  const hits = text.match(TRADITIONAL_MARKERS)?.length ?? 0;
  return hits >= 5 && hits / Math.max(1, text.length) > 0.002;
}

/**
 * Spam mirrors insert the pinyin of a character after it: `報(bào)`. The bracket holds only latin
 * letters with tone marks, so it cannot be a real note (those contain CJK or digits).
 */
const PINYIN_GARBLE = /([\u3400-\u9fff])\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüɑ]{1,7})\)/g;

/** Lines that are page furniture inside PDF-derived text: `- 2 -`, `— 5 —`, `-- 3 of 5 --`, `P. 9`. */
const PAGE_FOOTER = /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|--\s*\d+\s+of\s+\d+\s*--|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$/;

export interface NormalisedText {
  text: string;
  convertedFromTraditional: boolean;
  pinyinGarbleRemoved: boolean;
}

export function normaliseText(raw: string): NormalisedText {
  let text = raw.replace(/^\uFEFF/, '').normalize('NFKC');
  text = text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/[\u00A0\u3000\u2002-\u200A]/g, ' ');
  text = text.replace(/\r\n?/g, '\n');
  let pinyinGarbleRemoved = false;
  text = text.replace(PINYIN_GARBLE, (_m, ch: string) => {
    pinyinGarbleRemoved = true;
    return ch;
  });
  const convertedFromTraditional = looksTraditional(text);
  if (convertedFromTraditional) text = convertToSimplified(text);
  // Mirrors that convert to traditional also swap vocabulary (文件 → 檔案); undo it for the labels we know.
  text = text.replace(/规范性档案/g, '规范性文件').replace(/主动公开档案/g, '主动公开文件');
  text = text
    .split('\n')
    .filter((line) => !PAGE_FOOTER.test(line))
    .join('\n');
  return { text, convertedFromTraditional, pinyinGarbleRemoved };
}

/** Key used for label comparison: no spaces, no punctuation, no bracketed notes or ordinals. */
export function labelKey(text: string): string {
  return stripBrackets(text)
    .replace(/[\s|:：,，、。.．;；"“”'‘’《》<>〈〉\-—_·*#`]/g, '')
    .replace(/[()（）[\]【】]/g, '');
}

/**
 * Removes bracketed groups (instructions, notes, ordinals). An unclosed group at the end (a label
 * cut across lines) is removed to the end; a stray closing bracket at the start drops what precedes it.
 */
export function stripBrackets(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) out = out.replace(/\([^()]{0,120}\)/g, '');
  out = out.replace(/\([^()]*$/, '');
  out = out.replace(/^[^()]*\)/, '');
  return out;
}

export type CellReading = { kind: 'value'; value: number; note: string | null } | { kind: 'blank' } | { kind: 'text' };

const PLACEHOLDER = /^(?:[/／\\\-－—–_＿~～]+|无|空|暂无|-+|…+|\.{2,}|null|n\/a)$/i;

/**
 * Reads one table cell. Accepted value forms: `12`, `-8`, `减4`, `增3`, `+3`, `251000元`,
 * `7730.28`, `1,234`, `22(其中修订16件)` (the bracket is a note). A reported 0 is a value.
 */
export function readCell(raw: string): CellReading {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '') return { kind: 'blank' };
  if (PLACEHOLDER.test(text)) return { kind: 'blank' };
  const m = /^(增加?|减少?|[+-])?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|件|项|个|笔)?\s*(?:\((.{0,80})\))?$/.exec(text);
  if (!m) return { kind: 'text' };
  const sign = m[1] && (m[1].startsWith('减') || m[1] === '-') ? -1 : 1;
  const value = sign * Number(m[2].replace(/,/g, '') + (m[3] ?? ''));
  if (!Number.isFinite(value)) return { kind: 'text' };
  return { kind: 'value', value: Object.is(value, -0) ? 0 : value, note: m[5] ?? null };
}
