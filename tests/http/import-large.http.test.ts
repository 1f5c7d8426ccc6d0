import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WRITE_TOKEN } from '../support/api';
import { FIXTURES } from '../support/fixtures';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * A PDF of several MB through `importReport` over real HTTP, its bytes in base64 in the JSON body (as the
 * README sends it from stdin). The real 洪泽区 2023 PDF is made 5.5 MB by an incremental update that
 * adds an unreferenced stream of random bytes (what embedded fonts and scans weigh in published PDFs).
 */
function padded(pdf: Buffer, bytes: number): Buffer {
  const tail = pdf.subarray(pdf.length - 64).toString('latin1');
  const previous = Number(/startxref\s+(\d+)/.exec(tail)?.[1]);
  const size = Number(/\/Size (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
  const object = Buffer.concat([
    Buffer.from(`\n${size} 0 obj\n<< /Length ${bytes} >>\nstream\n`, 'latin1'),
    randomBytes(bytes),
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  const xrefAt = pdf.length + object.length;
  const update = Buffer.from(
    `xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(pdf.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root 1 0 R /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
    'latin1',
  );
  return Buffer.concat([pdf, object, update]);
}

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server.close());

it('imports a 5.5 MB PDF sent as base64 in the JSON body', async () => {
  const pdf = padded(readFileSync(path.join(FIXTURES, 'complete', 'hongze-district-2023.src.pdf')), 5 * 1024 * 1024);
  expect(pdf.length).toBeGreaterThan(5_000_000);
  const body = JSON.stringify({
    query:
      'mutation($input: ImportReportInput!) { importReport(input: $input) { outcome organ year jurisdiction formatVersion observations { indicator } } }',
    variables: { input: { content: pdf.toString('base64'), contentEncoding: 'BASE64', fileName: 'report.pdf' } },
  });
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` },
    body,
  });
  const json = (await res.json()) as {
    data?: {
      importReport: { outcome: string; organ: string; year: number; jurisdiction: string; formatVersion: string; observations: unknown[] };
    };
    errors?: unknown[];
  };
  expect(json.errors).toBeUndefined();
  expect(json.data?.importReport).toMatchObject({
    outcome: 'IMPORTED',
    organ: '淮安市洪泽区人民政府',
    year: 2023,
    jurisdiction: '320813',
    formatVersion: 'FORMAT_2021',
  });
  expect(json.data?.importReport.observations.length).toBeGreaterThan(150);
});
