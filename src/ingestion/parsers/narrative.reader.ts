import { readRowTokens } from './digit-run-splitter';
import { ReaderResult, emptyResult, valueObservation } from './reader-result';

/**
 * Figures stated in prose: section 六 fees, and — only for a table that is absent — the headline
 * figures of tables 3 and 4 that narratives restate. Patterns are deliberately narrow: a sentence that
 * does not say clearly what it counts is skipped (never guessed).
 */

const NUM = '(\\d+(?:\\.\\d+)?)';

function sentences(prose: string): string[] {
  return prose
    .replace(/[ \t]+/g, '')
    .replace(/\n/g, '')
    .split(/[。;；!！]/)
    .filter((s) => s.length > 0);
}

function first(re: RegExp, text: string): number | null {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

/** Section 六: 发出收费通知N件, 总金额X元, 实际收取Y元 and the "none" wordings. */
export function readFees(prose: string): ReaderResult {
  const result = emptyResult();
  const found = new Map<string, { value: number; text: string }>();
  const put = (code: string, value: number | null, text: string) => {
    if (value !== null && !found.has(code)) found.set(code, { value, text });
  };
  for (const s of sentences(prose)) {
    if (!/收费通知|处理费|收取/.test(s)) continue;
    if (/收费通知/.test(s)) {
      put('fees.info_processing.notices', first(new RegExp(`收费通知(?:书)?(?:共|共计)?${NUM}(?:件|份|次)`), s), s);
      put('fees.info_processing.notices', first(new RegExp(`${NUM}(?:件|份)(?:信息处理费)?收费通知`), s), s);
      if (/(?:无|未|没有)(?:发出|开具|出具)?(?:信息处理费)?收费通知/.test(s)) put('fees.info_processing.notices', 0, s);
      put('fees.info_processing.amount_notified_yuan', first(new RegExp(`(?:总金额|通知金额|应收(?:金额)?)(?:共|共计|为)?${NUM}元`), s), s);
    }
    put('fees.info_processing.amount_collected_yuan', first(new RegExp(`实际收取(?:信息处理费)?(?:共|共计)?${NUM}元`), s), s);
    put('fees.info_processing.amount_collected_yuan', first(new RegExp(`收取[^，,]{0,16}?处理费(?:用)?(?:共|共计|合计)?${NUM}元`), s), s);
    if (/(?:无|未|没有)收取[^，,]{0,12}?处理费/.test(s)) put('fees.info_processing.amount_collected_yuan', 0, s);
  }
  for (const [code, value] of readFeeTable(prose)) if (!found.has(code)) found.set(code, { value, text: '信息处理费收取情况（表）' });
  for (const [code, { value, text }] of found) {
    result.observations.push(valueObservation(code, value, 'section6', '六、其他需要报告的事项', shorten(text)));
  }
  return result;
}

const FEE_CODES = [
  'fees.info_processing.notices',
  'fees.info_processing.amount_notified_yuan',
  'fees.info_processing.amount_collected_yuan',
];

/**
 * Fees printed as a small table of their own (`通知收取件数 | 通知收取金额（元） | 实际收取金额（元）`),
 * flattened like the others: read only when its cells are certain (printed one by one, or a run of
 * digits that splits one way only).
 */
function readFeeTable(prose: string): Map<string, number> {
  const out = new Map<string, number>();
  const text = prose.replace(/（/g, '(').replace(/）/g, ')');
  const header =
    /(?:收费通知|通知收取|发出收费通知)(?:件数|数量)[^\d\n]{0,12}?金额(?:\((?:元|万元)\))?[^\d\n]{0,12}?实际收取(?:金额)?\(元\)[^\d\n/／—_-]{0,20}/.exec(
      text,
    );
  if (!header || !/\(元\)/.test(header[0].slice(0, header[0].indexOf('实际')))) return out;
  // The row: numbers and placeholders up to the end of its line or the next word, nothing beyond.
  const row = /^[ \t]*\n?[ \t]*((?:(?:\d[\d.]*|[/／—_-]+)[ \t]*){1,3})(?=$|\n|[^\d\s.])/.exec(text.slice(header.index + header[0].length));
  if (!row) return out;
  const tokens = row[1]
    .trim()
    .split(/[ \t]+/)
    .map((raw, i) => ({ raw, spaceBefore: i > 0 }));
  const reading = readRowTokens(tokens, ['count', 'money', 'money']);
  if (reading.candidates.length !== 1) return out;
  reading.candidates[0].forEach((v, i) => {
    if (v !== null) out.set(FEE_CODES[i], v);
  });
  return out;
}

interface ProsePattern {
  code: string;
  re: RegExp;
  /** A fixed value for "none" wordings; otherwise capture group 1. */
  value?: number;
}

const TABLE3_PATTERNS: ProsePattern[] = [
  { code: 'applications.new.total', re: new RegExp(`(?:本年度?)?新收(?:政府信息公开)?申请(?:数)?(?:为)?${NUM}(?:件|宗)`) },
  { code: 'applications.new.total', re: new RegExp(`(?:收到|受理|接收)(?:了)?[^，,()]{0,10}?申请(?:共|共计|为)?${NUM}(?:件|宗)`) },
  { code: 'applications.new.total', re: new RegExp(`(?:收到|受理|接收)(?:了)?${NUM}(?:件|宗)[^，,]{0,8}?申请`) },
  { code: 'applications.new.total', re: /(?:未|没有)(?:收到|受理|接到)[^，,]{0,12}?申请/, value: 0 },
  { code: 'applications.carried_over.total', re: new RegExp(`上年(?:度)?结转(?:申请数?|的申请)?(?:为)?${NUM}件`) },
  { code: 'outcome.total.total', re: new RegExp(`(?:办理|办结|答复)(?:了)?(?:政府信息公开)?(?:申请)?(?:共|共计)?${NUM}(?:件|宗)`) },
  { code: 'applications.carried_forward.total', re: new RegExp(`结转(?:至)?下(?:一)?年(?:度)?(?:继续)?(?:办理|处理)?${NUM}件`) },
  { code: 'applications.carried_forward.total', re: new RegExp(`${NUM}件结转(?:至)?下(?:一)?年`) },
  { code: 'outcome.disclosed.total', re: new RegExp(`(?:同意公开|予以公开)(?:的)?${NUM}件`) },
  { code: 'outcome.partially_disclosed.total', re: new RegExp(`(?<![及和与、])部分公开(?:的)?${NUM}件`) },
  { code: 'outcome.withheld.subtotal.total', re: new RegExp(`(?:不同意公开|不予公开)(?:的)?${NUM}件`) },
  { code: 'outcome.unable.subtotal.total', re: new RegExp(`无法提供(?:的)?${NUM}件`) },
  { code: 'outcome.not_processed.subtotal.total', re: new RegExp(`不予处理(?:的)?${NUM}件`) },
  { code: 'outcome.other.subtotal.total', re: new RegExp(`其他处理(?:的)?${NUM}件`) },
];

/** Table-3 and table-4 figures from prose, for tables that are absent. Never overrides a table. */
export function readNarrative(prose: string, table3Absent: boolean, table4Absent: boolean): ReaderResult {
  const result = emptyResult();
  const seen = new Set<string>();
  const add = (code: string, value: number, text: string) => {
    if (seen.has(code)) return;
    seen.add(code);
    result.observations.push(valueObservation(code, value, 'narrative', shorten(text), null));
  };
  for (const s of sentences(prose)) {
    if (table3Absent && /申请/.test(s) && !/复议|诉讼/.test(s.replace(/申请行政复议/g, ''))) {
      // `受理121件(其中本年度新收申请数112件…)`: the 受理 figure is new + carried over, not new.
      const hasBreakdown = /新收/.test(s);
      for (const p of TABLE3_PATTERNS) {
        if (hasBreakdown && p.code === 'applications.new.total' && !/新收/.test(p.re.source)) continue;
        const m = p.re.exec(s);
        if (m) add(p.code, p.value ?? Number(m[1]), s);
      }
    }
    if (table4Absent) readTable4Prose(s, add);
  }
  if (result.observations.length > 0) {
    result.warnings.push(`${result.observations.length} figure(s) taken from the narrative because their table is absent`);
  }
  return result;
}

function readTable4Prose(s: string, add: (code: string, value: number, text: string) => void): void {
  if (/(?:没有|未(?:发生|出现)?|无)[^，,]{0,14}?行政复议[、和及与,，]*(?:提起)?行政诉讼/.test(s)) {
    add('review.total', 0, s);
    add('litigation.direct.total', 0, s);
    add('litigation.after_review.total', 0, s);
    return;
  }
  const review = new RegExp(`行政复议${NUM}件`).exec(s);
  if (review) {
    add('review.total', Number(review[1]), s);
    const tail = s.slice(review.index);
    for (const [word, code] of [
      ['结果维持', 'upheld'],
      ['结果纠正', 'corrected'],
      ['其他结果', 'other'],
      ['尚未审结', 'pending'],
    ] as const) {
      const m = new RegExp(`${word}${NUM}件`).exec(tail);
      if (m) add(`review.${code}`, Number(m[1]), s);
    }
  }
  for (const [word, prefix] of [
    ['未经复议直接起诉', 'litigation.direct'],
    ['复议后起诉', 'litigation.after_review'],
  ] as const) {
    const m = new RegExp(`${word}${NUM}件([^。]{0,12})`).exec(s);
    if (!m) continue;
    const n = Number(m[1]);
    add(`${prefix}.total`, n, s);
    const rest = m[2].split(/[，,]?(?:复议后起诉|未经复议)/)[0];
    if (/均尚未审结|尚未审结/.test(rest) && !/\d/.test(rest)) add(`${prefix}.pending`, n, s);
    else if (/(?:均|结果)(?:获|被)?维持/.test(rest) && !/\d/.test(rest)) add(`${prefix}.upheld`, n, s);
  }
}

/**
 * Narrative figures that can settle a flattened table-2 row: code → the values the narrative states for
 * it. Only statements that name what they count are taken (`本年度制发规范性文件34件`,
 * `现行有效的规范性文件16件`), never category tallies of published items (`规范性文件类信息6条`), and a
 * money figure in a sentence about procurement (`发布采购信息21条共5419886元`) for the amount.
 */
export function table2NarrativeHints(prose: string, year: number | null = null): Map<string, Set<number>> {
  const hints = new Map<string, Set<number>>();
  const add = (codes: string[], value: number) => {
    for (const code of codes) {
      const set = hints.get(code) ?? new Set<number>();
      set.add(value);
      hints.set(code, set);
    }
  };
  const docs = '(?:行政)?规范性文件';
  const rules: [RegExp, string[]][] = [
    [new RegExp(`现行有效(?:的)?${docs}(?:共|总数)?(\\d+)件`, 'g'), ['proactive.normative_docs.in_force']],
    [
      new RegExp(`(?:制发|制定|新制作|印发)(?:的)?${docs}(?:共)?(\\d+)件`, 'g'),
      ['proactive.normative_docs.issued', 'proactive.normative_docs.new_made'],
    ],
    [new RegExp(`废止(?:的)?${docs}(?:共)?(\\d+)件`, 'g'), ['proactive.normative_docs.repealed']],
  ];
  for (const s of sentences(prose)) {
    // A sentence about another year (`2020年制定…`, a comparison with last year) says nothing of this table.
    const years = [...s.matchAll(/((?:19|20)\d{2})年/g)].map((m) => Number(m[1]));
    if (year !== null && years.some((y) => y !== year)) continue;
    const text = s.replace(/\([^)]*\)/g, (m) => (/规范性文件|采购/.test(m) ? m : ''));
    for (const [re, codes] of rules) for (const m of text.matchAll(re)) add(codes, Number(m[1]));
    if (/采购/.test(text)) {
      for (const m of text.matchAll(/(\d+(?:\.\d+)?)(?:万元|元)/g)) add(['proactive.central_procurement.amount'], Number(m[1]));
    }
  }
  return hints;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
