import type * as OpenCCModule from 'opencc-js';
import type { IndicatorType } from './indicator.type';

/**
 * Indicator search as people type it: a row name copied from a printed report (`（三）不予公开 6．属于四类过程性信息`,
 * full-width digits and spaces included), in traditional characters (`過程性資訊`), or English words in any
 * order (`withheld process`). Pure apart from the lazily loaded character converter (Taiwan usage with phrases: 資訊 → 信息).
 */

// Loaded on the first search with a CJK character: a server that only answers queries keeps its memory.
let toSimplified: ((text: string) => string) | null = null;

function simplified(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  const convert = (toSimplified ??= (require('opencc-js') as typeof OpenCCModule).Converter({ from: 'twp', to: 'cn' }));
  return convert(text);
}

/** Numbering of printed rows (一、 （三） 6． 1.) and everything but letters, digits and CJK, dropped. */
function normalised(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Words of English text: letters and digits, lower case; plural `s` dropped from longer words. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((w) =>
    w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w,
  );
}

export interface IndicatorSearch {
  matches(indicator: IndicatorType): boolean;
}

export function indicatorSearch(text: string): IndicatorSearch {
  const chinese = normalised(simplified(text.normalize('NFKC')));
  const english = words(text);
  const code = text.trim().toLowerCase();
  return {
    matches(indicator) {
      if (code.length > 0 && indicator.code.includes(code)) return true;
      const zh = normalised(`${indicator.rowLabelZh}${indicator.columnLabelZh ?? ''}`);
      if (chinese.length > 0 && (zh.includes(chinese) || normalised(indicator.labelZh).includes(chinese))) return true;
      if (english.length === 0) return false;
      const own = words(`${indicator.labelEn} ${indicator.code.replace(/[._]/g, ' ')}`);
      return english.every((w) => own.some((o) => o.startsWith(w)));
    },
  };
}
