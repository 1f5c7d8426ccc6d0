import type { FormatVersion } from '../../reports/report-terms';

/**
 * Locates sections 二、三、四 (the three tables) by their headings. Headings are matched with their
 * Chinese ordinal so that the opening sentence that lists the six parts is not mistaken for them.
 */

export interface Region {
  start: number;
  end: number;
  text: string;
  /** The region runs to the end of the document: its last row may be cut off. */
  reachesEnd: boolean;
  /** How the start was found. */
  via: 'heading' | 'row-label';
}

export interface TableRegions {
  table2: Region | null;
  table3: Region | null;
  table4: Region | null;
  /** Text outside the three tables: narrative, section 六, title. */
  prose: string;
}

// An ordinal heading may follow anything in flattened text (`…52元三、收到…`), but not an opening bracket.
const BEFORE_HEADING = '(?<![(（第])';
// Sections are numbered 二、三、四 by the format, but a report that adds a section of its own shifts
// them by one (三、主动公开…, 四、收到和处理…, 五、…复议); the section after table 4 is whatever comes next.
const HEADINGS = {
  table2: new RegExp(`${BEFORE_HEADING}[二三]\\s*[、.]\\s*主动公开`, 'g'),
  table3: new RegExp(`${BEFORE_HEADING}[三四]\\s*[、.]\\s*(?:收到和处理|依申请公开|收到和答复)`, 'g'),
  table4: new RegExp(`${BEFORE_HEADING}[四五]\\s*[、.]\\s*(?:因)?(?:政府信息公开)?[^\\n]{0,12}?(?:复议|诉讼)`, 'g'),
  after: new RegExp(`${BEFORE_HEADING}[五六七]\\s*[、.]\\s*(?!本年|上年|结转)`, 'g'),
};

/** Row labels that only occur inside table 3, used when its heading is missing (a page of a PDF). */
const TABLE3_ANCHOR = /本\s*年\s*新\s*收\s*政\s*府|上\s*年\s*结\s*转\s*政\s*府|结\s*转\s*下\s*年\s*度\s*继\s*续\s*办\s*理/g;
const TABLE2_ANCHOR = /第\s*二\s*十\s*条\s*第\s*\(\s*一\s*\)\s*项/g;

function firstMatch(re: RegExp, text: string, from: number, to = text.length): number {
  re.lastIndex = from;
  const m = re.exec(text);
  return !m || m.index >= to ? -1 : m.index;
}

export function findRegions(text: string): TableRegions {
  const n = text.length;
  let t2 = firstMatch(HEADINGS.table2, text, 0);
  let t2via: Region['via'] = 'heading';
  if (t2 === -1) {
    t2 = firstMatch(TABLE2_ANCHOR, text, 0);
    t2via = 'row-label';
  }
  let t3 = firstMatch(HEADINGS.table3, text, Math.max(0, t2));
  const t4 = firstMatch(HEADINGS.table4, text, Math.max(0, t3, t2));
  let t3via: Region['via'] = 'heading';
  if (t3 === -1) {
    t3 = firstMatch(TABLE3_ANCHOR, text, Math.max(0, t2), t4 === -1 ? n : t4);
    if (t3 !== -1) {
      t3 = text.lastIndexOf('\n', t3) + 1;
      t3via = 'row-label';
    }
  }
  const lastStart = Math.max(t2, t3, t4);
  const after = firstMatch(HEADINGS.after, text, Math.max(0, lastStart + 1));
  const starts = [t2, t3, t4, after].filter((s) => s >= 0).sort((a, b) => a - b);
  const region = (start: number, via: Region['via']): Region | null => {
    if (start < 0) return null;
    const next = starts.find((s) => s > start);
    const end = next ?? n;
    return { start, end, text: text.slice(start, end), reachesEnd: next === undefined, via };
  };
  const regions = { table2: region(t2, t2via), table3: region(t3, t3via), table4: region(t4, 'heading') };
  let prose = text;
  for (const r of [regions.table4, regions.table3, regions.table2]) {
    if (r) prose = prose.slice(0, r.start) + '\n' + prose.slice(r.end);
  }
  return { ...regions, prose };
}

export interface VersionDecision {
  version: FormatVersion | null;
  evidence: string | null;
}

const compact = (s: string) => s.replace(/\s+/g, '');

/** Format version from the table-2 column headers; other signals only when those are absent. */
export function detectVersion(regions: TableRegions, fullText: string, year: number | null): VersionDecision {
  const t2 = compact(regions.table2?.text ?? fullText);
  const h2021 = ['本年制发件数', '本年废止件数', '现行有效件数'].filter((h) => t2.includes(h));
  const h2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量'].filter((h) => t2.includes(h));
  if (h2021.length || h2019.length) {
    return h2021.length >= h2019.length
      ? { version: '2021', evidence: `table-2 headers ${h2021.join('/')}` }
      : { version: '2019', evidence: `table-2 headers ${h2019.join('/')}` };
  }
  const t2other2021 = ['本年处理决定数量', '本年收费金额'].filter((h) => t2.includes(h));
  const t2other2019 = ['上一年项目数量', '采购项目数量', '采购总金额'].filter((h) => t2.includes(h));
  if (regions.table2 && (t2other2021.length || t2other2019.length)) {
    return t2other2021.length >= t2other2019.length
      ? { version: '2021', evidence: `table-2 headers ${t2other2021.join('/')} (document rows' headers not visible)` }
      : { version: '2019', evidence: `table-2 headers ${t2other2019.join('/')} (document rows' headers not visible)` };
  }
  const t3 = compact(regions.table3?.text ?? '');
  if (/逾期不补正|逾期未按收费通知/.test(t3)) {
    return { version: '2021', evidence: 'table-3 （六）其他处理 split into sub-rows (table-2 headers absent)' };
  }
  if (year !== null) {
    if (year >= 2021) return { version: '2021', evidence: `by year ${year} (table-2 headers absent)` };
    if (year >= 2019) return { version: '2019', evidence: `by year ${year} (table-2 headers absent)` };
    return { version: 'PRE_2019', evidence: `by year ${year}: before the national table format` };
  }
  return { version: null, evidence: null };
}
