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
  for (const [code, { value, text }] of found) {
    result.observations.push(valueObservation(code, value, 'section6', '六、其他需要报告的事项', shorten(text)));
  }
  return result;
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
    for (const [word, code] of [['结果维持', 'upheld'], ['结果纠正', 'corrected'], ['其他结果', 'other'], ['尚未审结', 'pending']] as const) {
      const m = new RegExp(`${word}${NUM}件`).exec(tail);
      if (m) add(`review.${code}`, Number(m[1]), s);
    }
  }
  for (const [word, prefix] of [['未经复议直接起诉', 'litigation.direct'], ['复议后起诉', 'litigation.after_review']] as const) {
    const m = new RegExp(`${word}${NUM}件([^。]{0,12})`).exec(s);
    if (!m) continue;
    const n = Number(m[1]);
    add(`${prefix}.total`, n, s);
    const rest = m[2].split(/[，,]?(?:复议后起诉|未经复议)/)[0];
    if (/均尚未审结|尚未审结/.test(rest) && !/\d/.test(rest)) add(`${prefix}.pending`, n, s);
    else if (/(?:均|结果)(?:获|被)?维持/.test(rest) && !/\d/.test(rest)) add(`${prefix}.upheld`, n, s);
  }
}

/** Narrative figures that can settle a flattened table-2 row (`现行有效行政规范性文件698件`). */
export function table2NarrativeHints(prose: string): Map<string, number> {
  const hints = new Map<string, number>();
  const text = prose.replace(/\s+/g, '');
  const rules: [RegExp, string][] = [
    [/现行有效(?:的)?(?:行政)?规范性文件(\d+)件/, 'proactive.normative_docs.in_force'],
    [/(?:本年度?)?制发(?:的)?(?:行政)?规范性文件(\d+)件/, 'proactive.normative_docs.issued'],
    [/废止(?:的)?(?:行政)?规范性文件(\d+)件/, 'proactive.normative_docs.repealed'],
  ];
  for (const [re, code] of rules) {
    const m = re.exec(text);
    if (m) hints.set(code, Number(m[1]));
  }
  return hints;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
