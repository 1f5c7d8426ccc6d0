import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { isExpectedError } from '../../src/errors';
import { readDataVersion } from '../../src/data-version/data-version';
import { runImport } from '../../src/ingestion/import.command';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { ReportImportService } from '../../src/ingestion/report-import.service';
import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { CLI, ensureCompiled } from '../support/compiled';
import { capturingLogger, startLimitsServer, type LimitsServer } from '../support/limits-server';
import { WRITE_TOKEN } from '../support/api';
import { FIXTURES } from '../support/fixtures';
import { seededRng, type Rng } from '../support/synthetic-report';
import { code, deepQuery, hugeQuery, int, mutateText, pick, randomString, TEMPLATES } from '../support/corpus-generators';

/**
 * A fixed-seed corpus of bad input, thousands of cases in bounded time: malformed, huge and deeply
 * nested queries, invalid codes, years, ranges and page sizes, oversized variables, raw HTTP garbage,
 * and random or mutated report files through the importer, the CLI (in-process and as a child
 * process) and the mutation. The server must never crash, never answer an unexpected error (500 or
 * INTERNAL_SERVER_ERROR: each would be a bug), give every error a code, and store nothing from a
 * rejected input (report count and data version unchanged).
 */
const SEED = 6;
const ran = new Map<string, { cases: number; ok: number; rejected: number; ms: number }>();
let clock = performance.now();
const unexpected: string[] = [];

function tally(kind: string, outcome: 'ok' | 'rejected') {
  const row = ran.get(kind) ?? { cases: 0, ok: 0, rejected: 0, ms: 0 };
  row.cases++;
  row[outcome]++;
  row.ms += performance.now() - clock;
  clock = performance.now();
  ran.set(kind, row);
}

let work: string;
let dataSource: DataSource;
let server: LimitsServer;
const logger = capturingLogger();

beforeAll(async () => {
  ensureCompiled();
  work = mkdtempSync(path.join(tmpdir(), 'ogi-corpus-'));
  const db = path.join(work, 'corpus.sqlite');
  dataSource = createDataSource({ type: 'sqlite', path: db });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await ensureReferenceData(dataSource);
  server = await startLimitsServer({ dataSource, logger });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await dataSource?.destroy();
  rmSync(work, { recursive: true, force: true });
  const rows = [...ran].map(
    ([kind, r]) =>
      `${kind.padEnd(34)} ${String(r.cases).padStart(6)} ${String(r.ok).padStart(6)} ${String(r.rejected).padStart(9)} ${(r.ms / 1000).toFixed(1).padStart(7)}`,
  );
  const total = [...ran.values()].reduce((n, r) => n + r.cases, 0);
  console.log(
    `bad-input corpus (seed ${SEED}):\n${'kind'.padEnd(34)}  cases     ok  rejected  time s\n${rows.join('\n')}\n${'total'.padEnd(34)} ${String(total).padStart(6)}`,
  );
}, 60_000);

beforeEach(() => {
  clock = performance.now();
  unexpected.length = 0;
});

async function state(): Promise<{ reports: number; version: number }> {
  const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM report');
  return { reports: Number(n), version: await readDataVersion(dataSource) };
}

interface Single {
  status: number;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

async function execute(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Single> {
  const { app } = server;
  const response = await app.apollo.executeOperation({ query, variables }, { contextValue: app.contextFor(headers) });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  return { status: response.http.status ?? 200, errors: response.body.singleResult.errors };
}

/** Every error has a code, none is unexpected, no 5xx but the documented 503 of the time limit. */
function judge(kind: string, label: string, result: Single) {
  const codes = (result.errors ?? []).map((e) => e.extensions?.code);
  const bad =
    codes.some((c) => typeof c !== 'string' || c === 'INTERNAL_SERVER_ERROR') ||
    (result.status >= 500 && !codes.includes('REQUEST_TIMEOUT'));
  if (bad) unexpected.push(`${kind}: ${label.slice(0, 300)} → ${result.status} ${JSON.stringify(result.errors).slice(0, 500)}`);
  tally(kind, codes.length === 0 ? 'ok' : 'rejected');
}

describe('queries', () => {
  it('invalid codes, years, ranges, page sizes and variable types (2,000 cases)', async () => {
    const rng = seededRng(SEED);
    for (let i = 0; i < 2000; i++) {
      const template = TEMPLATES[i % TEMPLATES.length];
      const variables = template.variables(rng);
      judge(`query args: ${template.name}`, `${template.query} ${JSON.stringify(variables)}`, await execute(template.query, variables));
    }
    expect(unexpected).toEqual([]);
  });

  it('malformed queries: random edits of valid ones (1,500 cases)', async () => {
    const rng = seededRng(SEED + 1);
    const valid = [...EXAMPLE_QUERIES.map((e) => e.query), ...TEMPLATES.map((t) => t.query)];
    for (let i = 0; i < 1500; i++) {
      const query = mutateText(rng, pick(rng, valid));
      const template = pick(rng, TEMPLATES);
      judge('malformed query', query, await execute(query, rng() < 0.5 ? template.variables(rng) : undefined));
    }
    expect(unexpected).toEqual([]);
  });

  it('deeply nested queries, lists and input objects (200 cases)', async () => {
    const rng = seededRng(SEED + 2);
    for (let i = 0; i < 200; i++) {
      const query = deepQuery(rng);
      judge('deeply nested query', query, await execute(query));
    }
    expect(unexpected).toEqual([]);
  });

  it('huge documents (40 cases)', async () => {
    const rng = seededRng(SEED + 3);
    for (let i = 0; i < 40; i++) {
      const query = hugeQuery(rng);
      judge('huge query', `${query.length} characters: ${query.slice(0, 80)}`, await execute(query));
    }
    expect(unexpected).toEqual([]);
  });

  it('oversized variables (30 cases)', async () => {
    const rng = seededRng(SEED + 4);
    const nest = (depth: number): unknown => (depth === 0 ? '440300' : [nest(depth - 1)]);
    for (let i = 0; i < 30; i++) {
      const variables = pick<() => Record<string, unknown>>(rng, [
        () => ({ codes: Array.from({ length: 20_000 + int(rng, 40_000) }, (_, k) => String(110000 + k)), f: 10 }),
        () => ({ codes: [`${'9'.repeat(200_000)}`], f: 10 }),
        () => ({ codes: nest(500 + int(rng, 3000)), f: 10 }),
        () => ({ codes: ['440300'], f: 10, extra: Object.fromEntries(Array.from({ length: 5000 }, (_, k) => [`k${k}`, k])) }),
      ])();
      judge('oversized variables', `${Object.keys(variables).join(',')}`, await execute(TEMPLATES[1].query, variables));
    }
    expect(unexpected).toEqual([]);
  });
});

describe('raw HTTP', () => {
  async function send(kind: string, init: RequestInit & { search?: string }) {
    const res = await fetch(`${server.url}/graphql${init.search ?? ''}`, init);
    const text = await res.text();
    let codes: unknown[] = [];
    try {
      codes = ((JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []).map((e) => e.extensions?.code);
    } catch {
      codes = res.status < 400 ? [] : ['(not JSON)'];
    }
    const withoutCode = res.status >= 400 && (codes.length === 0 || codes.some((c) => typeof c !== 'string'));
    // Apollo's own answers to requests it cannot read (CSRF, bad method, missing query) are plain
    // 4xx text; the rule that matters: no 5xx, and no JSON error without a code.
    if (res.status >= 500 || (withoutCode && res.headers.get('content-type')?.includes('json')))
      unexpected.push(
        `${kind}: ${init.method} ${init.search ?? ''} ${String(init.body).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`,
      );
    tally(kind, res.status < 400 && codes.length === 0 ? 'ok' : 'rejected');
  }

  it('garbage bodies, content types, methods and parameters (400 cases), and the server stays up', async () => {
    const rng = seededRng(SEED + 5);
    const bodies: (() => string | Uint8Array)[] = [
      () => randomString(rng, 200),
      () => Buffer.from(Array.from({ length: int(rng, 2000) }, () => int(rng, 255))),
      () => JSON.stringify({ query: int(rng, 10) }),
      () => JSON.stringify({ query: null, variables: randomString(rng, 10) }),
      () => JSON.stringify({ query: '{ __typename }', variables: randomString(rng, 10) }),
      () => JSON.stringify({ query: '{ __typename }', operationName: int(rng, 5) }),
      () => JSON.stringify({ query: '{ __typename }', extensions: randomString(rng, 5) }),
      () => JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      () => JSON.stringify(randomString(rng, 30)),
      () => `{"query": "${'{'.repeat(int(rng, 100_000))}"}`,
      () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      () => JSON.stringify({ query: mutateText(rng, TEMPLATES[int(rng, TEMPLATES.length - 1)].query) }),
    ];
    for (let i = 0; i < 300; i++) {
      const contentType = pick(rng, [
        'application/json',
        'application/json; charset=utf-8',
        'application/graphql-response+json',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        '',
      ]);
      const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
      if (contentType) headers['content-type'] = contentType;
      if (rng() < 0.2) headers.accept = pick(rng, ['text/html', 'application/graphql-response+json', '*/*', 'multipart/mixed']);
      await send('raw POST body', { method: 'POST', headers, body: pick(rng, bodies)() as BodyInit });
    }
    for (let i = 0; i < 90; i++) {
      const params = new URLSearchParams();
      if (rng() < 0.9) params.set('query', rng() < 0.5 ? mutateText(rng, pick(rng, TEMPLATES).query) : pick(rng, TEMPLATES).query);
      if (rng() < 0.5) params.set('variables', rng() < 0.5 ? randomString(rng, 30) : JSON.stringify(pick(rng, TEMPLATES).variables(rng)));
      if (rng() < 0.2) params.set('operationName', randomString(rng, 10));
      if (rng() < 0.1) params.set('extensions', randomString(rng, 10));
      await send('raw GET parameters', { method: 'GET', search: `?${params}`, headers: { 'apollo-require-preflight': 'true' } });
    }
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
      await send('other methods', { method, headers: { 'apollo-require-preflight': 'true' } });
    for (let i = 0; i < 2; i++)
      await send('body over the size limit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'z'.repeat(17 * 1024 * 1024) } }),
      });
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(unexpected).toEqual([]);
  });
});

/** Report files: random bytes, and real reports broken in the ways files break. */
function reportCorpus(rng: Rng, count: number): { label: string; content: Buffer; contentType?: string }[] {
  const dir = path.join(FIXTURES, 'complete');
  const texts = readdirSync(dir)
    .filter((f) => /\.src\.(txt|md)$/.test(f))
    .map((f) => ({ name: f, text: readFileSync(path.join(dir, f), 'utf8') }));
  const pdf = readFileSync(path.join(dir, 'hongze-district-2023.src.pdf'));
  const cases: { label: string; content: Buffer; contentType?: string }[] = [];
  const digits = (text: string) => text.replace(/\d/g, (d) => (rng() < 0.05 ? String(int(rng, 9)) : d));
  for (let i = 0; i < count; i++) {
    const source = pick(rng, texts);
    const kind = int(rng, 12);
    const label = [
      'random bytes',
      'bit flips',
      'truncated',
      'spliced',
      'digits changed',
      'random text',
      'UTF-16',
      'GBK as UTF-8 mislabelled',
      'nested HTML',
      'huge numbers',
      'PDF damaged',
      'empty or blank',
      'binary signature',
    ][kind];
    let content: Buffer;
    let contentType: string | undefined;
    switch (kind) {
      case 0:
        content = Buffer.from(Array.from({ length: int(rng, 20_000) }, () => int(rng, 255)));
        break;
      case 1: {
        content = Buffer.from(source.text, 'utf8');
        for (let k = 0; k < 1 + int(rng, 50); k++) content[int(rng, content.length - 1)] ^= 1 << int(rng, 7);
        break;
      }
      case 2:
        content = Buffer.from(source.text.slice(0, int(rng, source.text.length)), 'utf8');
        break;
      case 3: {
        const other = pick(rng, texts).text;
        content = Buffer.from(source.text.slice(0, int(rng, source.text.length)) + other.slice(int(rng, other.length)), 'utf8');
        break;
      }
      case 4:
        content = Buffer.from(digits(source.text), 'utf8');
        break;
      case 5:
        content = Buffer.from(randomString(rng, 5000), 'utf8');
        break;
      case 6:
        content = iconv.encode(source.text, pick(rng, ['utf16le', 'utf16be']));
        break;
      case 7:
        content = iconv.encode(source.text, 'gbk');
        contentType = 'text/plain; charset=utf-8';
        break;
      case 8: {
        const n = int(rng, pick(rng, [200, 3000]));
        content = Buffer.from(
          `<html><body>${'<div><table><tr><td>'.repeat(n)}${source.text.slice(0, 2000)}${'</td></tr></table></div>'.repeat(int(rng, n))}</body></html>`,
          'utf8',
        );
        contentType = pick(rng, ['text/html', undefined]);
        break;
      }
      case 9:
        content = Buffer.from(
          source.text.replace(/\d+/g, (d) => (rng() < 0.1 ? pick(rng, ['9'.repeat(400), '-5', '1e309', '0x1F', '١٢٣']) : d)),
          'utf8',
        );
        break;
      case 10: {
        const cut = Buffer.from(pdf.subarray(0, int(rng, pdf.length)));
        for (let k = 0; k < int(rng, 20); k++) cut[int(rng, cut.length - 1)] = int(rng, 255);
        content = rng() < 0.3 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(randomString(rng, 3000))]) : cut;
        contentType = pick(rng, ['application/pdf', undefined]);
        break;
      }
      case 11:
        content = Buffer.from(pick(rng, ['', ' ', '\n\n\t', '\u3000'.repeat(100), '\uFEFF']), 'utf8');
        break;
      default:
        content = Buffer.concat([
          Buffer.from(pick(rng, ['PK\u0003\u0004', '\u0089PNG\r\n\u001a\n', 'GIF89a', '\u007fELF', '\u00ff\u00d8\u00ff']), 'latin1'),
          Buffer.from(randomString(rng, 2000)),
        ]);
    }
    cases.push({ label: `${label} (${source.name})`, content, contentType });
  }
  return cases;
}

describe('report files', () => {
  it('through the importer: rejected ones store nothing, accepted ones exactly one report (300 cases)', async () => {
    const rng = seededRng(SEED + 6);
    const importer = ReportImportService.forDatabase(dataSource);
    const cases = reportCorpus(rng, 300);
    clock = performance.now();
    for (const [i, c] of cases.entries()) {
      const overrides =
        rng() < 0.15
          ? { jurisdiction: String(code(rng)), year: Number(pick(rng, [2022, 0, 1e9, 2019.5])) }
          : rng() < 0.5
            ? { jurisdiction: '440303' }
            : {};
      const before = await state();
      let stored = 0;
      let kind: 'ok' | 'rejected' = 'ok';
      try {
        const result = await importer.importReport({ content: c.content, contentType: c.contentType, fileName: `case-${i}` }, overrides);
        stored = result.outcome === 'IMPORTED' || result.outcome === 'NEW_REVISION' ? 1 : 0;
      } catch (error) {
        kind = 'rejected';
        if (!isExpectedError(error))
          unexpected.push(`importer: ${c.label} ${JSON.stringify(overrides)} → ${(error as Error).stack?.slice(0, 500)}`);
      }
      const after = await state();
      expect({ case: i, reports: after.reports - before.reports, version: after.version - before.version }).toEqual({
        case: i,
        reports: stored,
        version: stored,
      });
      tally(`report file: ${c.label.replace(/ \(.*\)$/, '')}`, kind);
    }
    expect(unexpected).toEqual([]);
  });

  it('through the mutation (120 cases), with bad encodings and without a token', async () => {
    const rng = seededRng(SEED + 7);
    const mutation =
      'mutation($c: String!, $e: ContentEncoding, $t: String, $j: ID, $y: Int, $dry: Boolean) { importReport(input: { content: $c, contentEncoding: $e, contentType: $t, jurisdiction: $j, year: $y, dryRun: $dry }) { outcome reportId } }';
    const cases = reportCorpus(rng, 120);
    clock = performance.now();
    for (const [i, c] of cases.entries()) {
      const encoding = pick(rng, ['BASE64', 'BASE64', 'UTF8', 'base64', 'HEX']);
      const content =
        encoding === 'UTF8' ? c.content.toString('utf8') : rng() < 0.1 ? `${c.content.toString('base64')}!!` : c.content.toString('base64');
      const variables = {
        c: content,
        e: encoding,
        t: c.contentType ?? null,
        j: rng() < 0.3 ? code(rng) : null,
        y: rng() < 0.2 ? pick(rng, [2022, -1, 'x']) : null,
        dry: rng() < 0.2,
      };
      const headers: Record<string, string> =
        rng() < 0.9 ? { authorization: `Bearer ${WRITE_TOKEN}` } : { authorization: 'Bearer wrong-token-wrong-token' };
      const before = await state();
      const result = await execute(mutation, variables, headers);
      const after = await state();
      judge('mutation importReport', `case ${i}: ${c.label} ${encoding}`, result);
      if (result.errors?.length) expect({ case: i, ...after }).toEqual({ case: i, ...before });
      else expect(after.version - before.version).toBe(after.reports - before.reports);
    }
    expect(unexpected).toEqual([]);
  });

  it('through the CLI: a directory in-process (60 files) and real child processes (4 runs)', async () => {
    const rng = seededRng(SEED + 8);
    const dir = path.join(work, 'cli');
    mkdirSync(dir);
    for (const [i, c] of reportCorpus(rng, 60).entries())
      writeFileSync(path.join(dir, `case-${String(i).padStart(2, '0')}.${pick(rng, ['txt', 'html', 'pdf', 'md', 'bin'])}`), c.content);

    const env = { ...process.env };
    process.env.OGI_SQLITE_PATH = path.join(work, 'corpus.sqlite');
    delete process.env.OGI_DATABASE_URL;
    const out: string[] = [];
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
      jest.spyOn(console, 'error').mockImplementation(() => {}),
    ];
    const before = await state();
    let exit: number;
    try {
      exit = await runImport(['--json', dir]);
    } finally {
      for (const spy of spies) spy.mockRestore();
      process.env = env;
    }
    const after = await state();
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { outcome?: string; error?: { code: string } });
    expect(lines).toHaveLength(60);
    expect([0, 1]).toContain(exit);
    const stored = lines.filter((l) => l.outcome === 'IMPORTED' || l.outcome === 'NEW_REVISION').length;
    expect({ reports: after.reports - before.reports, version: after.version - before.version }).toEqual({
      reports: stored,
      version: stored,
    });
    for (const line of lines) tally('CLI directory (in-process)', line.error ? 'rejected' : 'ok');
    for (const line of lines.filter((l) => l.error)) expect(line.error?.code).toMatch(/^[A-Z_]+$/);

    const files = readdirSync(dir).map((f) => path.join(dir, f));
    const childEnv: NodeJS.ProcessEnv = { ...process.env, OGI_SQLITE_PATH: path.join(work, 'corpus.sqlite'), OGI_LOG_LEVEL: 'silent' };
    delete childEnv.OGI_DATABASE_URL;
    for (const args of [
      files.slice(0, 8),
      ['--dry-run', '--json', ...files.slice(8, 16)],
      [path.join(work, 'does-not-exist')],
      ['--year', 'soon', files[0]],
    ]) {
      const beforeChild = await state();
      const child = spawnSync(process.execPath, [CLI, 'import', ...args], { env: childEnv, encoding: 'utf8', timeout: 120_000 });
      const afterChild = await state();
      // 0: all imported; 1: some failed (listed); 2: bad arguments. Never a crash with a stack.
      expect({ args: args.length, status: child.status, signal: child.signal }).toEqual({
        args: args.length,
        status: expect.any(Number),
        signal: null,
      });
      expect([0, 1, 2]).toContain(child.status);
      expect(child.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(afterChild.version - beforeChild.version).toBe(afterChild.reports - beforeChild.reports);
      if (args[0] === '--dry-run' || child.status === 2) expect(afterChild).toEqual(beforeChild);
      tally('CLI child process', child.status === 0 ? 'ok' : 'rejected');
    }
    expect(unexpected).toEqual([]);
  });
});

describe('afterwards', () => {
  it('logged no unexpected error while the corpus ran', () => {
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(ran.size).toBeGreaterThan(20);
  });
});
