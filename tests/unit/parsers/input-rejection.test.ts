import { parseReport } from '../../../src/ingestion/parsers/report.parser';
import { ImportRejectedError } from '../../../src/errors';

/** A one-page PDF with a drawing and no text (what a scanned report looks like to a text extractor). */
function pdfWithoutText(): Buffer {
  const stream = '0 0 m 100 100 l S';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function rejectionCode(input: Parameters<typeof parseReport>[0]): Promise<string> {
  try {
    await parseReport(input);
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('inputs that are not a readable report', () => {
  it('empty buffer → EMPTY_INPUT', async () => {
    expect(await rejectionCode({ content: Buffer.alloc(0) })).toBe('EMPTY_INPUT');
  });

  it('whitespace only → EMPTY_INPUT', async () => {
    expect(await rejectionCode({ content: Buffer.from(' \n\t\n', 'utf8'), fileName: 'a.txt' })).toBe('EMPTY_INPUT');
  });

  it('random binary → BINARY_INPUT', async () => {
    let x = 12345;
    const bytes = Buffer.from(
      Buffer.alloc(4096, 0).map(() => {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        return x & 0xff;
      }),
    );
    expect(await rejectionCode({ content: bytes, fileName: 'upload.bin' })).toBe('BINARY_INPUT');
  });

  it('a PDF without a text layer → PDF_WITHOUT_TEXT', async () => {
    expect(await rejectionCode({ content: pdfWithoutText(), fileName: 'scan.pdf' })).toBe('PDF_WITHOUT_TEXT');
  });

  it('a truncated PDF → UNDECODABLE_INPUT', async () => {
    expect(await rejectionCode({ content: Buffer.from('%PDF-1.4\n1 0 obj\n<<', 'latin1') })).toBe('UNDECODABLE_INPUT');
  });

  it('an HTML page that is not a report → NOT_A_REPORT', async () => {
    const html =
      '<html><head><meta charset="utf-8"><title>天气预报</title></head><body><p>明天多云，气温18至25度。</p><table><tr><td>周一</td><td>晴</td></tr></table></body></html>';
    expect(await rejectionCode({ content: Buffer.from(html, 'utf8'), contentType: 'text/html' })).toBe('NOT_A_REPORT');
  });

  it('bytes valid in no supported encoding → UNDECODABLE_INPUT', async () => {
    const bad = Buffer.concat([
      Buffer.from('政府信息公开工作年度报告\n', 'utf8'),
      Buffer.alloc(200, 0xff),
      Buffer.from([0x80, 0x80, 0xfe, 0xff]),
    ]);
    expect(await rejectionCode({ content: bad, fileName: 'report.txt' })).toBe('UNDECODABLE_INPUT');
  });
});
