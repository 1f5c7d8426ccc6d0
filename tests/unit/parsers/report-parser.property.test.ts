import { parseReport, parseReportText } from '../../../src/ingestion/parsers/report.parser';
import type { ParsedReport } from '../../../src/ingestion/parsers/parsed-report';
import { generateReportValues, renderFlattenedText, renderHtmlReport, seededRng } from '../../support/synthetic-report';

/**
 * Round trip of random valid reports of both format versions: every generated cell comes back
 * unchanged from the HTML rendering; from the flattened rendering every cell comes back unchanged or is
 * reported missing (genuinely ambiguous digit runs) — never a wrong value.
 */

const HTML_CASES = 25;
const FLAT_CASES = 60;

function valuesOf(report: ParsedReport): Map<string, number | null> {
  return new Map(report.observations.map((o) => [o.indicator, o.value]));
}

describe('parser round trip on synthetic reports', () => {
  const versions = ['2019', '2021', '2021-single'] as const;

  it.each(versions)('HTML tables, format %s: every cell read back exactly', async (v) => {
    const rng = seededRng(v.length * 7919 + 1);
    for (let i = 0; i < HTML_CASES; i++) {
      const report = generateReportValues(rng, { version: v === '2019' ? '2019' : '2021', singleOtherRow: v === '2021-single' });
      const parsed = await parseReport({ content: Buffer.from(renderHtmlReport(report), 'utf8'), contentType: 'text/html' });
      expect(parsed.formatVersion).toBe(report.version);
      const got = valuesOf(parsed);
      const wrong = [...report.cells].filter(([code, value]) => got.get(code) !== value);
      expect({ case: i, wrong }).toEqual({ case: i, wrong: [] });
    }
  });

  it.each(versions)('flattened text, format %s: never a wrong value, ambiguity reported, most cells recovered', (v) => {
    const rng = seededRng(v.length * 104729 + 3);
    let recovered = 0;
    let total = 0;
    const wrong: unknown[] = [];
    const unreported: unknown[] = [];
    for (let i = 0; i < FLAT_CASES; i++) {
      const report = generateReportValues(rng, { version: v === '2019' ? '2019' : '2021', singleOtherRow: v === '2021-single' });
      const parsed = parseReportText(renderFlattenedText(report));
      const got = valuesOf(parsed);
      const missingCodes = new Set(parsed.missing.flatMap((m) => m.indicators));
      let t34 = 0;
      let t34recovered = 0;
      for (const [code, value] of report.cells) {
        total++;
        const inTable34 = !code.startsWith('proactive.');
        if (inTable34) t34++;
        if (!got.has(code)) {
          if (!missingCodes.has(code)) unreported.push({ case: i, code });
          continue;
        }
        if (got.get(code) !== value) wrong.push({ case: i, code, expected: value, got: got.get(code) });
        recovered++;
        if (inTable34) t34recovered++;
      }
      // Tables 3 and 4 carry identities: most of their flattened rows must be recovered.
      if (t34recovered / t34 <= 0.5) wrong.push({ case: i, table34Recovered: `${t34recovered}/${t34}` });
    }
    expect(wrong).toEqual([]);
    expect(unreported).toEqual([]);
    expect(recovered / total).toBeGreaterThan(0.8);
  });
});
