import { ImportRejectedError } from '../../errors';
import { LayoutVersion, TABLE4_CODES, table2Codes, table3Codes } from './format-layout';
import { htmlToText } from './html-document.parser';
import { readFees, readNarrative } from './narrative.reader';
import { normaliseText } from './normalise';
import type { MissingPart } from '../../reports/report-terms';
import type { ParsedCell, ParsedReport } from './parsed-report';
import { extractPdfText } from './pdf-text';
import { ReaderResult, emptyResult } from './reader-result';
import { readMetadata } from './report-metadata';
import { decideScope } from './report-scope';
import { readTable2 } from './table2.reader';
import { readTable3 } from './table3.reader';
import { readTable4 } from './table4.reader';
import { Region, detectVersion, findRegions } from './table-regions';
import { assertNotBinary, decodeText, detectKind } from './text-decoding';

export interface ParseReportInput {
  content: Buffer;
  contentType?: string;
  fileName?: string;
}

/**
 * Parses one annual report (PDF, HTML, text or markdown) into the cells it prints. Pure: no I/O
 * besides reading the buffer. Rejects inputs that are not a readable report with ImportRejectedError.
 */
export async function parseReport(input: ParseReportInput): Promise<ParsedReport> {
  const { content, contentType, fileName } = input;
  if (!content || content.length === 0) {
    throw new ImportRejectedError('EMPTY_INPUT', 'The file is empty: upload the report as PDF, HTML or text.');
  }
  const kind = detectKind(content, contentType, fileName);
  let text: string;
  if (kind === 'pdf') {
    text = await extractPdfText(content);
  } else {
    assertNotBinary(content);
    const decoded = decodeText(content, contentType, kind === 'html');
    text = kind === 'html' ? htmlToText(decoded.text) : decoded.text;
  }
  return parseReportText(text);
}

const REPORT_WORDING = /政府信息公开|信息公开(?:工作)?年度报告|信息公开年报|政务公开/;
const TABLE_WORDING = /第二十条第|本年新收|上年结转|行政复议/;

/** The text-level parser behind `parseReport` (exposed for tests and for already-extracted text). */
export function parseReportText(rawText: string): ParsedReport {
  if (rawText.trim() === '') {
    throw new ImportRejectedError('EMPTY_INPUT', 'The file contains no text: upload the report as PDF, HTML or text.');
  }
  // Files prepared for this project carry a provenance comment on line 1 (`# PROVENANCE …`, `<!-- PROVENANCE … -->`).
  const norm = normaliseText(rawText.replace(/^\uFEFF?(?:#\s*PROVENANCE|<!--\s*PROVENANCE)[^\n]*\n/, ''));
  const text = norm.text;
  const compact = text.replace(/\s+/g, '');
  if (!REPORT_WORDING.test(compact) && !TABLE_WORDING.test(compact)) {
    throw new ImportRejectedError(
      'NOT_A_REPORT',
      'The text does not look like a 政府信息公开工作年度报告 (no such wording and no statistical tables): check the file.',
    );
  }
  const regions = findRegions(text);
  const meta = readMetadata(text, regions.prose);
  const version = detectVersion(regions, text, meta.year);
  const warnings: string[] = [];
  if (norm.convertedFromTraditional) warnings.push('text converted from traditional to simplified characters for matching');
  if (norm.pinyinGarbleRemoved) warnings.push('pinyin insertions `字(zì)` removed from the text');

  const parts: ReaderResult[] = [];
  if (version.version === 'PRE_2019') {
    parts.push({
      observations: [],
      missing: [{ part: 'tables', indicators: [], reason: 'report before 2019: no national table format to read' }],
      warnings: [],
    });
  } else {
    const layoutVersion: LayoutVersion = version.version ?? '2021';
    const t2 = version.version
      ? tableOrAbsent(
          'table2',
          regions.table2,
          readTable2(regions.table2, layoutVersion, regions.prose, meta.year),
          table2Codes(layoutVersion),
        )
      : unknownVersionTable2(regions.table2);
    const t3 = tableOrAbsent(
      'table3',
      regions.table3,
      readTable3(regions.table3, layoutVersion),
      table3Codes(layoutVersion === '2019' ? 'single' : 'split'),
    );
    const t4 = tableOrAbsent('table4', regions.table4, readTable4(regions.table4), TABLE4_CODES);
    parts.push(t2, t3, t4);
    const absent = (r: Region | null, res: ReaderResult) => !r || (res.observations.length === 0 && !r.reachesEnd);
    parts.push(readNarrative(regions.prose, absent(regions.table3, t3), absent(regions.table4, t4)));
  }
  parts.push(readFees(regions.prose));

  const observations: ParsedCell[] = [];
  const seen = new Set<string>();
  for (const o of parts.flatMap((p) => p.observations)) {
    if (seen.has(o.indicator)) {
      warnings.push(`${o.indicator} found twice; the first reading kept`);
      continue;
    }
    seen.add(o.indicator);
    observations.push(o);
  }
  const missing: MissingPart[] = parts.flatMap((p) => p.missing);
  const tableTotals = observations
    .filter(
      (o) =>
        o.table === 'table3' && o.status === 'VALUE' && (o.indicator === 'applications.new.total' || o.indicator === 'outcome.total.total'),
    )
    .map((o) => o.value as number);
  const scope = decideScope({ prose: regions.prose, title: meta.title, organ: meta.organ, organKind: meta.organKind, tableTotals });
  return {
    formatVersion: version.version,
    formatEvidence: version.evidence,
    title: meta.title,
    titleStandsAlone: meta.title !== null && standsAlone(meta.title, text),
    organ: meta.organ,
    year: meta.year,
    organKind: meta.organKind,
    scope: scope.scope,
    scopeEvidence: scope.evidence,
    observations,
    missing,
    warnings: [...warnings, ...scope.warnings, ...parts.flatMap((p) => p.warnings)],
  };
}

/** Whether a line of the text is the title alone (spaces, a `标题:` label and 《》 aside). */
function standsAlone(title: string, text: string): boolean {
  const bare = (s: string) =>
    s
      .replace(/\s+/g, '')
      .replace(/^(?:标题|题目)[:：]/, '')
      .replace(/^《(.*)》$/, '$1');
  const wanted = bare(title);
  return text.split('\n').some((line) => bare(line) === wanted);
}

/** A table with no cell at all is reported once, as a whole, rather than row by row. */
function tableOrAbsent(name: string, region: Region | null, result: ReaderResult, codes: string[]): ReaderResult {
  if (result.observations.length > 0) return result;
  // Numbers were printed but none could be placed: the reader's own reasons say why.
  if (region && result.missing.length > 0 && /\d/.test(region.text.replace(/第[^项]{1,4}项|\d+[年月日]/g, ''))) return result;
  const reason = !region
    ? `${name} not in the text`
    : region.reachesEnd
      ? `${name} cut off: the text ends before its values`
      : `${name} absent: the section has no table values (stripped or not published as text)`;
  return { observations: [], missing: [{ part: name, indicators: codes, reason }], warnings: result.warnings };
}

function unknownVersionTable2(region: Region | null): ReaderResult {
  const result = emptyResult();
  result.missing.push({
    part: 'table2',
    indicators: [],
    reason: region ? 'format version unknown: table-2 columns cannot be named' : 'table2 not in the text',
  });
  return result;
}
