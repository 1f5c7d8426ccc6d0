import type { OrganKind } from '../../reports/report-terms';

/**
 * Title, year, organ and organ kind, read from the title line and the opening sentence (the scope is
 * decided in report-scope.ts, once the tables are read).
 * Everything is left null when the text does not say it; the organ is the name as printed (resolving
 * it to a jurisdiction is done elsewhere).
 */

export interface ReportMetadata {
  title: string | null;
  year: number | null;
  organ: string | null;
  organKind: OrganKind | null;
}

const TITLE_TAIL = /(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)/;
const BARE_PLACE = /(?:省|市|区|县|旗|镇|乡|自治州|自治县|新区|实验区|合作区|开发区)$/;

/** Spaces inside CJK text and between a number and 年 come from PDF layout, not from the title. */
function cleanLine(line: string): string {
  return line
    .replace(/(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff])/g, '')
    .replace(/(?<=[\u4e00-\u9fff])\s+(?=\d)/g, '')
    .trim();
}

const TITLE_RE = /([^\s:：>,，。、;；!！?？《]{0,40}?)((?:政府)?信息公开(?:工作)?年度报告)(?![^\s]{0,3}\d)/;
const ORGAN_HINT = /(?:人民政府|管委会|管理委员会|办公厅|办公室|局|委|办|署|中心|区|市|县|省|镇|乡|街道|办事处)/;

function findTitle(lines: string[]): string | null {
  for (let i = 0; i < Math.min(lines.length, 80); i++) {
    const line = cleanLine(lines[i]);
    if (!/年度报告/.test(line)) continue;
    const labelled = /当前位置|标题|题目/.test(line);
    if (!labelled && (line.length > 60 || /根据|首页|>|》|您现在的位置|下载|专栏|编制|发布了?政府/.test(line))) continue;
    let m = TITLE_RE.exec(line);
    // A title broken over lines: `…人民政府办公厅政府信息公开` / `工作年度报告`, or `洪泽区人民政府` / `2023 年…报告`.
    if ((!m || m[1].replace(/(?:19|20)\d{2}年度?/, '').length < 2) && i > 0) {
      const prev = cleanLine(lines[i - 1]);
      if (prev && prev.length <= 40 && !/[。,，;；:：]/.test(prev)) {
        const joined = TITLE_RE.exec(prev + line);
        if (joined && ORGAN_HINT.test(joined[1])) m = joined;
      }
    }
    if (!m) continue;
    return m[1] + m[2];
  }
  // Second chance: a full title quoted inside a longer line (a page header, an editor's note), only in the
  // unambiguous form `2019年上海市人民政府办公厅政府信息公开工作年度报告`.
  for (const raw of lines.slice(0, 80)) {
    const m = /(?<![《\w])((?:19|20)\d{2}年度?[\u4e00-\u9fff]{2,30}?(?:政府)?信息公开(?:工作)?年度报告)(?!》)/.exec(cleanLine(raw));
    if (m && ORGAN_HINT.test(m[1].replace(/信息公开.*$/, ''))) return m[1];
  }
  return null;
}

function yearOf(text: string | null): number | null {
  if (!text) return null;
  const m = /(20\d{2}|19\d{2})\s*年/.exec(text);
  return m ? Number(m[1]) : null;
}

function organFromTitle(title: string | null): string | null {
  if (!title) return null;
  const name = title
    .replace(/(?:19|20)\d{2}\s*年度?/, '')
    .replace(TITLE_TAIL, '')
    .replace(/[《》\s]/g, '')
    // A report sent as a letter: "…管理局关于报送2020年度…的函", "…管理局 关于2021年度…".
    .replace(/关于(?:报送|印发|公布|发布)?$/, '')
    .trim();
  return name.length >= 2 ? name : null;
}

function organFromOpening(text: string): string | null {
  const head = text.slice(0, 3000);
  const opening = head.replace(/\s+/g, '');
  const patterns = [
    /现(?:将|公布|予公布|发布)(.{2,40}?)(?:\(以下简称[^)]*\))?(?:19|20)\d{2}年度?(?:政府)?信息公开/,
    /本(?:年度)?报告由(.{2,30}?)(?:根据|依据|按照|编制)/,
  ];
  for (const re of patterns) {
    const m = re.exec(opening);
    if (m && !/^[我本该其]/.test(m[1])) return m[1].replace(/\([^)]*\)/g, '');
  }
  const source = /(?:信息来源|来源|发布机构)[ \t]*[:：][ \t]*([^\s:：]{2,30})/.exec(head);
  return source && ORGAN_HINT.test(source[1]) ? source[1] : null;
}

function chooseOrgan(fromTitle: string | null, fromOpening: string | null, prose: string): string | null {
  let organ = fromTitle;
  if (fromOpening) {
    const opening = fromOpening.replace(/(人民政府)办公室$/, '$1');
    if (!organ || opening.endsWith(organ) || (organ.endsWith('人民政府') && opening.includes(organ))) organ = opening;
  }
  if (organ && BARE_PLACE.test(organ)) {
    // A title naming a place reports for its government; a 综合实验区 is run by a 管委会.
    const head = prose.slice(0, 3000);
    organ += /管委会(?:办公室)?编制|管理委员会(?:办公室)?编制|区管委会/.test(head) ? '管委会' : '人民政府';
  }
  return organ;
}

/**
 * The one place that decides an organ's kind (the importer asks it too). A government speaks through
 * itself, its general office (人民政府办公厅/办公室, a zone's 管委会办公室) or, for a functional zone, its
 * 管委会; 管理委员会 only after a zone word, since 国有资产监督管理委员会 and 城市管理委员会 are
 * departments. A name that is only a place reports for its government. Any other organ, 片区管理局
 * included, is a department.
 */
export function organKindOf(organ: string): OrganKind;
export function organKindOf(organ: string | null): OrganKind | null;
export function organKindOf(organ: string | null): OrganKind | null {
  if (!organ) return null;
  if (/(?:政府(?:办公厅|办公室)?|管委会(?:办公室)?|(?:区|园|城|港|岛)管理委员会(?:办公室)?|街道办事处|镇|乡|街道)$/.test(organ))
    return 'GOVERNMENT';
  if (/(?:省|市|县|旗|盟|州|(?<!片|社|小|景|校|园)区)$/.test(organ)) return 'GOVERNMENT';
  return 'DEPARTMENT';
}

export function readMetadata(text: string, prose: string): ReportMetadata {
  const lines = text.split('\n');
  const title = findTitle(lines);
  const year =
    yearOf(title) ??
    yearOf(/现(?:将|公布)[^。]{0,40}?((?:19|20)\d{2}\s*年)/.exec(text.replace(/\s+/g, ''))?.[1] ?? null) ??
    statisticalYear(text);
  const organ = chooseOrgan(organFromTitle(title), organFromOpening(text), prose);
  return { title, year, organ, organKind: organKindOf(organ) };
}

/** `统计期限为2024年1月1日至2024年12月31日`: the period names the report year. */
function statisticalYear(text: string): number | null {
  const m = /(?:统计(?:期限|时间|起止时间)|数据(?:的)?统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(text);
  return m ? Number(m[1]) : null;
}
