import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { htmlToText } from '../../src/ingestion/parsers/html-document.parser';
import { normaliseText } from '../../src/ingestion/parsers/normalise';
import { extractPdfText } from '../../src/ingestion/parsers/pdf-text';
import { parseReport } from '../../src/ingestion/parsers/report.parser';
import { decodeText, detectKind } from '../../src/ingestion/parsers/text-decoding';
import { PROJECT_ROOT } from '../../src/paths';
import { bundledReportFiles, formatAccuracyTable, measureAccuracy } from '../support/parser-accuracy';

/**
 * `npm run bench:parser`: reports parsed per second on the fixture corpus, against a baseline measured
 * in the same run: only getting the text out (PDF extraction, decoding, HTML flattening, normalising),
 * which every parser must pay. The ratio shows what the table reading adds. Then the accuracy on every
 * bundled real report: values read, cells declared missing, identity failures, and wrong values against
 * the hand-checked ones. Prints figures only.
 */
const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'reports');
const files = ['complete', 'partial', 'seed'].flatMap((dir) =>
  readdirSync(path.join(FIXTURES, dir))
    .filter((f) => /\.(txt|md|pdf|html?)$/.test(f))
    .map((f) => ({ name: `${dir}/${f}`, content: readFileSync(path.join(FIXTURES, dir, f)) })),
);

async function baseline(content: Buffer, fileName: string): Promise<number> {
  const kind = detectKind(content, undefined, fileName);
  const text =
    kind === 'pdf'
      ? await extractPdfText(content)
      : kind === 'html'
        ? htmlToText(decodeText(content, undefined, true).text)
        : decodeText(content).text;
  return normaliseText(text).text.length;
}

async function parse(content: Buffer, fileName: string): Promise<number> {
  try {
    return (await parseReport({ content, fileName })).observations.length;
  } catch {
    return 0; // rejected inputs (e.g. openings without a report's wording) cost their time too
  }
}

async function measure(label: string, run: (content: Buffer, name: string) => Promise<number>, rounds: number) {
  const times: number[] = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const file of files) {
      const t = performance.now();
      await run(file.content, file.name);
      times.push(performance.now() - t);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { label, perSecond: times.length / seconds, p50: pct(0.5), p95: pct(0.95) };
}

async function main() {
  const rounds = Number(process.argv[2] ?? 5);
  // Warm-up: JIT, lazy loading of the converters and of pdf.js.
  for (const file of files) {
    await baseline(file.content, file.name);
    await parse(file.content, file.name);
  }
  const base = await measure('baseline (text extraction only)', baseline, rounds);
  const full = await measure('parseReport', parse, rounds);
  console.log(
    `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log(`corpus: ${files.length} files (tests/fixtures/reports), ${rounds} rounds`);
  for (const r of [base, full]) {
    console.log(
      `${r.label.padEnd(34)} ${r.perSecond.toFixed(1).padStart(8)} reports/s   p50 ${r.p50.toFixed(2)} ms   p95 ${r.p95.toFixed(2)} ms`,
    );
  }
  console.log(`parseReport / baseline time ratio: ${(base.perSecond / full.perSecond).toFixed(2)}×`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  // Accuracy on real data, so that a parser change shows its effect beside its cost.
  console.log(`\naccuracy on every bundled real report (src/ingestion/bundled), through the importer:`);
  console.log(formatAccuracyTable(await measureAccuracy(bundledReportFiles())));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
