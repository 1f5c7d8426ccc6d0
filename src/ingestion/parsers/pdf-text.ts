import { spawn } from 'node:child_process';
import type * as PdfParseModule from 'pdf-parse';
import { ImportRejectedError } from '../../errors';

/**
 * Text layer of a PDF via pdf-parse (pdf.js). Cells come out separated by tabs/spaces, one table row per
 * line when the PDF was generated from an office document; scanned PDFs have no text layer and are
 * rejected (OCR is out of scope).
 */

/** Fewer meaningful characters than this over the whole file means no usable text layer. */
const MIN_TEXT_CHARS = 20;
const CHILD_TIMEOUT_MS = 60_000;

export async function extractPdfText(content: Buffer): Promise<string> {
  let text: string;
  try {
    text = await extractInProcess(content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/dynamic import|fake worker/i.test(message)) throw unreadable(message);
    text = await extractInChildProcess(content);
  }
  // pdf-parse separates pages with `-- N of M --`; that and whitespace do not count as text.
  const meaningful = text.replace(/--\s*\d+\s+of\s+\d+\s*--/g, '').replace(/\s+/g, '');
  if (meaningful.length < MIN_TEXT_CHARS) {
    throw new ImportRejectedError(
      'PDF_WITHOUT_TEXT',
      'The PDF has no text layer (probably scanned images): upload the report as a text PDF or as its web page.',
    );
  }
  return text;
}

function unreadable(reason: string): ImportRejectedError {
  return new ImportRejectedError(
    'UNDECODABLE_INPUT',
    `The PDF could not be read (${reason}): upload an intact PDF or the report's web page.`,
  );
}

/**
 * pdf-parse (pdf.js, and the canvas binding it loads) is required on the first PDF, not at start-up:
 * it is tens of megabytes of resident memory that a server answering queries never needs.
 */
let pdfParse: typeof PdfParseModule | null = null;

function loadPdfParse(): typeof PdfParseModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above); import() is refused in jest's VM
  pdfParse ??= require('pdf-parse') as typeof PdfParseModule;
  return pdfParse;
}

async function extractInProcess(content: Buffer): Promise<string> {
  const { PDFParse } = loadPdfParse();
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/**
 * pdf.js starts its in-thread worker with a dynamic `import()`, which VM sandboxes (jest) refuse; there
 * the extraction runs in a plain Node child process instead (same library, same output).
 */
function extractInChildProcess(content: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      try { process.stdout.write(JSON.stringify({ text: (await parser.getText()).text })); }
      catch (e) { process.stdout.write(JSON.stringify({ error: String((e && e.message) || e) })); }
      finally { await parser.destroy().catch(() => {}); }
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', (e) => reject(unreadable(e.message)));
    child.on('close', () => {
      try {
        const result = JSON.parse(Buffer.concat(out).toString('utf8')) as { text?: string; error?: string };
        if (result.error !== undefined) reject(unreadable(result.error));
        else resolve(result.text ?? '');
      } catch {
        reject(unreadable('PDF reader process failed'));
      }
    });
    child.stdin.end(content);
  });
}
