import type { OrganKind, ReportScope } from '../../reports/report-terms';

/**
 * Whether a report's figures are the organ's own (OWN) or stated for its whole area (SUMMARY), decided
 * from what the report says, with the sentence that decided.
 *
 * Signals, strongest first (the strongest wins; `strength` below):
 *
 * | strength | SUMMARY                                                        | OWN                                                      |
 * | -------- | -------------------------------------------------------------- | -------------------------------------------------------- |
 * | 4        | the report says what it covers: 汇总…各单位, 涵盖…各部门,       | the report says it covers only the organ: 本报告数据仅为  |
 * |          | 本报告数据为全市各级行政机关…                                  | 本机关…, 市本级数据                                       |
 * | 3        | disclosure figures stated for the whole area or its organs:    | disclosure figures stated for the organ: 我局收到…N件,   |
 * |          | 全区共收到…N件, 全市各级行政机关共办理…N件, 我区各级单位…N条  | 本机关主动公开…N条, 我局未收到…申请                      |
 * | 2        | figures stated for "our area" or the place the organ governs:  | the report was compiled by the organ itself (我局编制了  |
 * |          | 我区共受理…N宗, 深汕特别合作区共收到…N件; the area's organs as | 本报告; 区管委会办公室编制… in that office's report)     |
 * |          | the subject: 全省各级行政机关坚持…                             |                                                          |
 * | 1        | the title names a place, not an organ: 平潭综合实验区2024年度… | —                                                        |
 *
 * With no signal the report is OWN, with no evidence. A figure is a count of information or
 * applications (主动公开/发布/收到/受理/办理… N 件/条/宗); its subject is the nearest subject word before
 * the number in its clause, else the subject that opens the sentence.
 *
 * Conflicts: when the strongest signals of both sides are equally strong, a sentence whose figure the
 * report's tables print (new applications, applications handled) decides; failing that the report is a
 * SUMMARY, because a summary counted as an organ's own report is added on top of its members (a roll-up
 * then counts the area twice), while an own report taken for a summary only leaves the roll-up short,
 * which coverage and reconciliation show. Whenever the other side has a signal of strength 2 or more,
 * a warning names both sentences.
 *
 * A township, street or 片区 speaks for an area that is not a jurisdiction of the hierarchy (its report
 * is filed under the county): its area-wide figures are its own, so they count as OWN signals.
 */

export type ScopeSignalKind = 'COVERAGE' | 'FIGURES' | 'AREA_FIGURES' | 'AREA_ORGANS' | 'COMPILED_BY_ORGAN' | 'AREA_TITLE';

export interface ScopeSignal {
  scope: ReportScope;
  strength: number;
  kind: ScopeSignalKind;
  /** The sentence, or the clauses of it that carry the signal, shortened to a readable length. */
  evidence: string;
  /** A figure the sentence states (for the conflict rule), when it states one. */
  figure: number | null;
}

export interface ScopeDecision {
  scope: ReportScope;
  /** The sentence that decided; null when nothing in the text speaks to the scope (OWN by default). */
  evidence: string | null;
  signal: ScopeSignalKind | null;
  warnings: string[];
}

export interface ScopeText {
  /** Report text outside the statistical tables. */
  prose: string;
  title: string | null;
  /** Reporting organ as read from the report, e.g. `深圳市深汕特别合作区管理委员会`. */
  organ: string | null;
  organKind?: OrganKind | null;
  /** Totals the tables print (new applications, applications handled), used only to settle a conflict. */
  tableTotals?: readonly number[];
}

const EVIDENCE_MAX = 60;

const AREA_WHOLE = '(?:全(?:省|市|区|县|旗|州|盟|自治区|自治州|自治县|地区)(?![域性])|本地区|本行政区域内?|本辖区)';
const AREA_OURS = '(?:[我本](?:省|市|区|县|旗|州|盟)(?![域级性]))';
const SUB_COUNTY_AREA = '(?:[我本全](?:镇|乡|街道|片区|社区))';
/** `市、区两级行政机关`, `省市县三级政府`: every level of the area. */
const LEVELS = '(?:[省市区县乡镇街道、]{3,9}(?:两|三|四|五)级(?:行政机关|政府|部门)?)';
const OWN_SUBJECT = '(?:[我本](?:局|委(?!员会)|办(?![法理])|厅|署|院|中心|单位|机关|部门|所(?!属)|站|队|处(?![理罚])|会(?![议计])|公司))';
const MEMBERS = '(?:内)?(?:(?:各级各类|各级|各)(?:有关)?[^,，。、;；]{0,6}?(?:行政机关|机关|政府|部门|单位)|(?:政务|政府信息)公开单位)';
const FIGURE_VERB = '(?:主动公开|公开|发布|公布|收到|受理|新收|办理|办结|答复|接收|接到|处理)';
const FIGURE = new RegExp(
  `${FIGURE_VERB}[^,，。;；]{0,30}?(\\d+(?:\\.\\d+)?)\\s*(万)?[余多]?\\s*(?:件|条|宗|份|篇|个|项)|(?:未|没有)(?:收到|受理|接到|新收)[^,，。;；]{0,20}?申请()|申请(?:数量|数|总数|总量)?(?:为|共计|合计|总计|共|达)(\\d+)\\s*(?:件|宗|个)`,
);
/** What follows a place named as the subject of a figure (`深汕特别合作区共收到…`), rather than as part of an organ's name. */
const PLACE_AS_SUBJECT = new RegExp(`^(?:共|累计|合计|总计|全年|本年度?|今年|年内|范围内|已|依法|${FIGURE_VERB}|[,，]|$)`);
const REPORT_MENTION = /报告|年报|数据/;
const TIME_OPENING = '^(?:(?:19|20)\\d{2}年度?|全年|本年度?|今年|年内)?[,，]?';

const COVERAGE_SUMMARY = [
  /汇总[^。]{0,40}各(?:有关)?(?:级|地|区|县|市|部门|单位|乡镇|街道)/,
  /各(?:有关)?(?:级|地|区|县|市|部门|单位)[^。]{0,40}汇总/,
  /综合(?!实验区|试验区)(?:(?:19|20)\d{2}年度?)?[^。,，]{0,12}?各(?:有关)?(?:级|地|区|县|市|部门|单位|乡镇|街道)/,
  /(?:涵盖|包括|包含|覆盖)[^。]{0,40}(?:各(?:级|地|区|县|市|部门|单位|乡镇)|政府和)/,
  new RegExp(`${AREA_WHOLE}各级(?:行政机关|人民政府|政府)`),
];
const COVERAGE_OWN = [
  /(?:仅|只)(?:为|是|包括|包含|含|统计|反映)?[^。]{0,12}?(?:本机关|本单位|本部门|本级|我局|我委|我办|本局|本委|本办)/,
  /(?:省|市|区|县)本级(?:政府)?的?(?:数据|情况)/,
  /不(?:含|包括|包含)(?:各区|各县|下属|所属|各部门)/,
];
/** `编制完成了本报告`, `编制2022年政府信息公开工作年度报告`. */
const COMPILED = /(?:编制|编写|起草|整理)(?:完成)?了?(?:(?:本|该|此)(?:年度)?报告|(?:(?:19|20)\d{2}年度?)?[^。,，]{0,14}?年度报告)/;
const COMPILED_BY = /本(?:年度)?报告由([\u4e00-\u9fff]{2,30}?)(?:根据|依据|按照|负责|汇总|编制)/;
const AREA_ORGANS_OPENING = new RegExp(`${TIME_OPENING}(?:${AREA_WHOLE}|${AREA_OURS})(?:内)?各级(?:行政机关|人民政府|政府)`);
const SUB_COUNTY_ORGAN = /(?:镇|乡|街道|办事处|片区管理局|片区管委会|片区|社区)(?:人民政府|政府|管委会|管理委员会|管理局)?$/;
const BARE_PLACE = /(?:省|市|区|县|旗|州|盟|新区|实验区|合作区|开发区)$/;

export function decideScope(text: ScopeText): ScopeDecision {
  const signals = scopeSignals(text);
  if (signals.length === 0) return { scope: 'OWN', evidence: null, signal: null, warnings: [] };
  const strongest = (scope: ReportScope) => signals.filter((s) => s.scope === scope).sort((a, b) => b.strength - a.strength)[0] ?? null;
  const summary = strongest('SUMMARY');
  const own = strongest('OWN');
  let winner: ScopeSignal;
  let rule: string;
  if (!summary || !own) {
    winner = (summary ?? own) as ScopeSignal;
    rule = '';
  } else if (summary.strength !== own.strength) {
    winner = summary.strength > own.strength ? summary : own;
    rule = 'the stronger signal decides';
  } else {
    const totals = new Set(text.tableTotals ?? []);
    const printed = (s: ScopeSignal) => s.figure !== null && totals.has(s.figure);
    if (printed(own) !== printed(summary)) {
      winner = printed(own) ? own : summary;
      rule = 'equally strong; the tables print its figure';
    } else {
      winner = summary;
      rule = 'equally strong: taken as SUMMARY, so that it is never added on top of its members';
    }
  }
  const loser = winner === summary ? own : summary;
  const warnings: string[] = [];
  if (loser && loser.strength >= 2) {
    warnings.push(
      `scope: ${winner.scope} by «${winner.evidence}» (${describe(winner)}), although «${loser.evidence}» (${describe(loser)}) points to ${loser.scope}; ${rule}`,
    );
  }
  if (winner.scope === 'SUMMARY' && text.organKind === 'DEPARTMENT') {
    // A department's area-wide figures are usually its system's (全市公安机关…), not every organ's of the jurisdiction.
    warnings.push(
      `scope: SUMMARY for a department's report («${winner.evidence}»): it will answer REPORTED for its jurisdiction; give --scope OWN if it covers only the department`,
    );
  }
  return { scope: winner.scope, evidence: winner.evidence, signal: winner.kind, warnings };
}

function describe(signal: ScopeSignal): string {
  const words: Record<ScopeSignalKind, [string, string]> = {
    COVERAGE: ["the report says it covers the area's organs", 'the report says it covers only the organ'],
    FIGURES: ['figures stated for the whole area', 'figures stated for the organ'],
    AREA_FIGURES: ['figures stated for the area', "figures stated for the organ's own area"],
    AREA_ORGANS: ["the area's organs as its subject", "the area's organs as its subject"],
    COMPILED_BY_ORGAN: ['compiled by the area', 'compiled by the organ itself'],
    AREA_TITLE: ['the title names a place, not an organ', 'the title names a place, not an organ'],
  };
  return words[signal.kind][signal.scope === 'SUMMARY' ? 0 : 1];
}

/** Every signal the text gives, in text order (exported for tests). */
export function scopeSignals(text: ScopeText): ScopeSignal[] {
  const subCounty = text.organ !== null && SUB_COUNTY_ORGAN.test(text.organ);
  const areaScope: ReportScope = subCounty ? 'OWN' : 'SUMMARY';
  const places = placesOf(text.organ);
  const signals: ScopeSignal[] = [];
  for (const sentence of sentencesOf(text.prose)) {
    if (REPORT_MENTION.test(sentence)) {
      const own = firstMatch(COVERAGE_OWN, sentence);
      const summary = own ? null : firstMatch(COVERAGE_SUMMARY, sentence);
      if (own) signals.push(signal('OWN', 4, 'COVERAGE', sentence, own, null));
      else if (summary) signals.push(signal(areaScope, 4, 'COVERAGE', sentence, summary, null));
    }
    const figures = figureSignal(sentence, places, areaScope);
    if (figures) signals.push(figures);
    const compiled = compiledBy(sentence, text.organ);
    if (compiled) signals.push(signal('OWN', 2, 'COMPILED_BY_ORGAN', sentence, compiled, null));
    const organs = AREA_ORGANS_OPENING.exec(sentence);
    if (organs) signals.push(signal(areaScope, 2, 'AREA_ORGANS', sentence, { index: organs.index, length: organs[0].length }, null));
  }
  const title = titlePlace(text.title);
  if (title && !subCounty)
    signals.push({
      scope: 'SUMMARY',
      strength: 1,
      kind: 'AREA_TITLE',
      evidence: evidenceOf(text.title as string, [{ index: 0, length: title.length }]),
      figure: null,
    });
  return signals;
}

interface Span {
  index: number;
  length: number;
}

function firstMatch(patterns: RegExp[], sentence: string): Span | null {
  for (const re of patterns) {
    const m = re.exec(sentence);
    if (m) return { index: m.index, length: m[0].length };
  }
  return null;
}

function signal(
  scope: ReportScope,
  strength: number,
  kind: ScopeSignalKind,
  sentence: string,
  spans: Span | Span[],
  figure: number | null,
): ScopeSignal {
  return { scope, strength, kind, evidence: evidenceOf(sentence, Array.isArray(spans) ? spans : [spans]), figure };
}

/**
 * The first disclosure figure of the sentence and whose it is. Only the first: later figures of the
 * same sentence are its breakdown (其中…), said of the same subject.
 */
function figureSignal(sentence: string, places: string[], areaScope: ReportScope): ScopeSignal | null {
  const clauses = clausesOf(sentence);
  for (const clause of clauses) {
    const m = FIGURE.exec(clause.text);
    if (!m || !/信息|申请/.test(clause.text)) continue;
    const digits = m[1] ?? m[4];
    const numberAt = digits !== undefined ? m.index + m[0].lastIndexOf(digits) : m.index + m[0].length;
    const figure = digits !== undefined ? Number(digits) * (m[2] ? 10000 : 1) : 0;
    const figureEnd = clause.start + m.index + m[0].length;
    let subject = subjectOf(clause.text.slice(0, numberAt), places);
    let spans: Span[];
    if (subject) {
      const from = clause.start + Math.min(subject.start, m.index);
      spans = [{ index: from, length: figureEnd - from }];
    } else {
      subject = clause === clauses[0] ? null : openingSubject(clauses[0].text, places);
      if (!subject) return null;
      spans = [
        { index: clauses[0].start + subject.start, length: subject.end - subject.start },
        { index: clause.start + m.index, length: m[0].length },
      ];
    }
    if (subject.kind === 'OWN') return signal('OWN', 3, 'FIGURES', sentence, spans, figure);
    if (subject.kind === 'SUB_COUNTY') return signal('OWN', 3, 'AREA_FIGURES', sentence, spans, figure);
    if (subject.kind === 'WHOLE') return signal(areaScope, 3, 'FIGURES', sentence, spans, figure);
    return signal(areaScope, 2, 'AREA_FIGURES', sentence, spans, figure);
  }
  return null;
}

type SubjectKind = 'OWN' | 'WHOLE' | 'OURS' | 'SUB_COUNTY';

interface Subject {
  kind: SubjectKind;
  start: number;
  end: number;
}

const SUBJECTS: [SubjectKind, RegExp][] = [
  ['SUB_COUNTY', new RegExp(SUB_COUNTY_AREA, 'g')],
  ['WHOLE', new RegExp(`(?:${AREA_WHOLE}|${AREA_OURS})${MEMBERS}|${AREA_WHOLE}|${LEVELS}`, 'g')],
  ['OURS', new RegExp(`${AREA_OURS}(?!政府)`, 'g')],
  ['OWN', new RegExp(OWN_SUBJECT, 'g')],
];

/** The subject word nearest before the figure (on a tie, the whole area with its organs). */
function subjectOf(before: string, places: string[]): Subject | null {
  let best: Subject | null = null;
  const consider = (kind: SubjectKind, start: number, end: number) => {
    if (!best || end > best.end || (end === best.end && kind === 'WHOLE')) best = { kind, start, end };
  };
  for (const [kind, re] of SUBJECTS) {
    for (const m of before.matchAll(re)) consider(kind, m.index, m.index + m[0].length);
  }
  for (const place of places) {
    for (let i = before.indexOf(place); i >= 0; i = before.indexOf(place, i + 1)) {
      const after = before.slice(i + place.length);
      // `深汕特别合作区共收到`; not `…区人民政府`, `“…区行政审批局”微信公众号`, `…区门户网站` (organs and their channels).
      const members = new RegExp(`^${MEMBERS}`).exec(after);
      if (members) consider('WHOLE', i, i + place.length + members[0].length);
      else if (PLACE_AS_SUBJECT.test(after)) consider('OURS', i, i + place.length);
    }
  }
  return best;
}

/** The subject a sentence opens with (after a time phrase): `我办通过政府门户网站…，全年公开…33条`. */
function openingSubject(clause: string, places: string[]): Subject | null {
  const opening = new RegExp(TIME_OPENING).exec(clause);
  const at = opening ? opening[0].length : 0;
  const rest = clause.slice(at);
  for (const [kind, re] of SUBJECTS) {
    const m = new RegExp(`^(?:${re.source})`).exec(rest);
    if (m) return { kind, start: at, end: at + m[0].length };
  }
  for (const place of places) {
    if (rest.startsWith(place) && PLACE_AS_SUBJECT.test(rest.slice(place.length)))
      return { kind: 'OURS', start: at, end: at + place.length };
  }
  return null;
}

/**
 * `结合我局工作实际，现编制完成了本报告`, `区管委会办公室编制完成本报告`, `本报告由…编制`: an OWN signal only
 * when the compiler is the reporting organ itself — a government's office compiles the government's
 * summary too, so an office compiling says nothing by itself.
 */
function compiledBy(sentence: string, organ: string | null): Span | null {
  const by = COMPILED_BY.exec(sentence);
  const verb = by ? null : COMPILED.exec(sentence);
  if (!by && !verb) return null;
  const before = by ? '' : sentence.slice(0, (verb as RegExpExecArray).index);
  const compiler = by ? by[1] : (/[\u4e00-\u9fff]{2,30}$/.exec(before)?.[0] ?? '');
  const span = by
    ? { index: by.index, length: by[0].length }
    : { index: (verb as RegExpExecArray).index, length: (verb as RegExpExecArray)[0].length };
  const own = new RegExp(OWN_SUBJECT).exec(by ? compiler : before);
  if (own) return by ? span : { index: own.index, length: span.index + span.length - own.index };
  // `区管委会办公室` in the report of `平潭综合实验区管委会办公室`.
  const bare = compiler.replace(/^(?:省|市|区|县)(?=[\u4e00-\u9fff]{3})/, '');
  const same = organ !== null && bare.length >= 2 && (organ.endsWith(bare) || bare.endsWith(organ));
  return same ? { index: span.index - compiler.length * (by ? 0 : 1), length: span.length + (by ? 0 : compiler.length) } : null;
}

/** Places the organ's name holds, longest first: `深圳市深汕特别合作区管理委员会` → 深圳市深汕特别合作区, 深汕特别合作区, 深圳市. */
function placesOf(organ: string | null): string[] {
  if (!organ) return [];
  const parts = [...organ.matchAll(/[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|旗|州|盟)/gy)].map((m) => m[0]);
  const places = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    for (let j = i; j < parts.length; j++) places.add(parts.slice(i, j + 1).join(''));
  }
  return [...places].filter((p) => p.length >= 3 && !/^[我本全]/.test(p)).sort((a, b) => b.length - a.length);
}

/** `平潭综合实验区2024年度政府信息公开工作年度报告`: a place right before the year, no organ. */
function titlePlace(title: string | null): string | null {
  if (!title) return null;
  const m = /^(?:(?:19|20)\d{2}\s*年度?)?([\u4e00-\u9fff]{2,30}?)\s*(?:19|20)\d{2}\s*年度?(?:政府)?信息公开/.exec(
    title.replace(/\s+/g, ''),
  );
  if (!m || !BARE_PLACE.test(m[1]) || /(?:镇|乡|街道)$/.test(m[1])) return null;
  return m[1];
}

/**
 * Sentences of the prose, with the spaces of PDF layout and page breaks removed. A line break ends a
 * sentence only after a heading-like line (short, no comma) or terminal punctuation; elsewhere it is layout.
 */
export function sentencesOf(prose: string): string[] {
  const pieces: string[] = [];
  let buffer = '';
  const flush = () => {
    pieces.push(
      ...buffer.split(/(?<=[。！？!?；;])|(?=[(（][一二三四五六七八九十]{1,3}[)）])|(?<=[。；;])(?=[一二三四五六七八九十]{1,3}、)/),
    );
    buffer = '';
  };
  for (const raw of prose.split('\n')) {
    const line = raw.replace(/(?<=[\u2e80-\uffef])\s+|\s+(?=[\u2e80-\uffef])/g, '').trim();
    if (!line) continue;
    buffer += line;
    if (/[。！？!?；;:：]$/.test(line) || (line.length <= 24 && !/[,，]/.test(line))) flush();
  }
  flush();
  // A heading run into its first sentence: `(一)主动公开情况2020年,我局共公开…`.
  return pieces.map((p) => p.replace(HEADING, '').trim()).filter((p) => p !== '');
}

/** Clauses between commas and colons, without their delimiter. */
function clausesOf(sentence: string): { text: string; start: number }[] {
  return [...sentence.matchAll(/[^,，:：]+/g)].map((m) => ({ text: m[0], start: m.index }));
}

const HEADING =
  /^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])[^,，。;；:：]{0,20}?(?=(?:19|20)\d{2}年|今年|全年|本年|[我本全])/;
const DELIMITER = /[,，、;；:：。!！?？]/;

/**
 * The sentence if short; else the clauses holding the spans (joined by `…` where clauses between are
 * left out), each cut around its span when itself too long.
 */
export function evidenceOf(sentence: string, spans: Span[]): string {
  const clean = (s: string) => s.replace(/^[,，、;；:：\s]+|[,，、;；:：\s]+$/g, '');
  if (sentence.length <= EVIDENCE_MAX) return clean(sentence);
  const partMax = Math.floor(EVIDENCE_MAX / spans.length);
  const parts: { start: number; end: number; text: string }[] = [];
  for (const span of [...spans].sort((a, b) => a.index - b.index)) {
    let start = span.index;
    let end = span.index + span.length;
    while (start > 0 && !DELIMITER.test(sentence[start - 1])) start--;
    while (end < sentence.length && !DELIMITER.test(sentence[end])) end++;
    const previous = parts[parts.length - 1];
    if (previous && start <= previous.end) {
      previous.end = Math.max(previous.end, end);
      previous.text = sentence.slice(previous.start, previous.end);
      continue;
    }
    let text = sentence.slice(start, end);
    if (text.length > partMax) {
      const from = Math.max(start, Math.min(span.index - 6, end - partMax + 1));
      text = `${from > start ? '…' : ''}${sentence.slice(from, from + partMax - 1)}${from + partMax - 1 < end ? '…' : ''}`;
    }
    parts.push({ start, end, text });
  }
  let out = '';
  for (const [i, part] of parts.entries()) {
    if (i > 0) {
      const between = sentence.slice(parts[i - 1].end, part.start);
      if (between.length === 1) out += between;
      else if (!out.endsWith('…')) out += '…';
    }
    out += clean(part.text);
  }
  return out.replace(/…{2,}/g, '…');
}
