import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { createTestDatabase, describeWithPostgres, POSTGRES_URL } from '../support/database';
import { generateReportValues, renderHtmlReport, seededRng } from '../support/synthetic-report';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';

/**
 * Stateless replicas: two server processes (the built server, `node dist/src/main.js`, compiled here
 * into .data/ so the test needs no prior build) on one PostgreSQL schema. A report imported through
 * either is answered alike by both — its values, its province's and prefecture's roll-ups, the report
 * list — and so is a revision imported through the other. Runs when PostgreSQL answers (always in CI).
 */
const describeReplicas = describeWithPostgres('Replica test');

const BUILD_DIR = path.join(PROJECT_ROOT, '.data', 'replicas-build');
const TOKEN = 'replica-test-write-token-0123456789';

interface Replica {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

function startReplica(schema: string): Promise<Replica> {
  const child = spawn(process.execPath, [path.join(BUILD_DIR, 'src', 'main.js')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      OGI_DATABASE_URL: POSTGRES_URL,
      OGI_DATABASE_SCHEMA: schema,
      OGI_PORT: '0',
      OGI_HOST: '127.0.0.1',
      OGI_WRITE_TOKENS: TOKEN,
      OGI_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /GraphQL API:\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({
          process: child,
          url: match[1],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}:\n${output}`)));
  });
}

async function graphql<T>(replica: Replica, query: string, variables: Record<string, unknown> = {}, write = false): Promise<T> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(write ? { authorization: `Bearer ${TOKEN}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('\n'));
  return body.data as T;
}

const IMPORT = `mutation($input: ImportReportInput!) { importReport(input: $input) { outcome revision jurisdiction year } }`;
const READ = `query($codes: [ID!]!) {
  own: cells(jurisdictions: { codes: ["440304"] }, indicators: ["applications.new.total", "outcome.total.total"], years: { from: 2023, to: 2023 }) { value status }
  rollup: cells(jurisdictions: { codes: $codes }, indicators: ["applications.new.total", "derived.disclosure_rate"], years: { from: 2023, to: 2023 }, measure: ROLLUP) { jurisdiction { code } indicator { code } value status }
  reports(jurisdiction: "440304", year: 2023, includeSuperseded: true) { totalCount edges { node { revision organ } } }
}`;

function report(seed: number) {
  const values = generateReportValues(seededRng(seed), { version: '2021' });
  values.year = 2023;
  values.organ = '深圳市福田区人民政府';
  return {
    values,
    input: {
      content: renderHtmlReport(values),
      contentType: 'text/html',
      jurisdiction: '440304',
      year: 2023,
      organ: '深圳市福田区人民政府',
      scope: 'OWN',
    },
  };
}

describeReplicas('two server processes on one PostgreSQL schema', () => {
  let drop: () => Promise<void> = async () => {};
  let schema = '';
  const replicas: Replica[] = [];

  beforeAll(async () => {
    // Compile the server once (tsc emits even if a type error elsewhere would fail `npm run build`).
    rmSync(BUILD_DIR, { recursive: true, force: true });
    try {
      execFileSync(
        process.execPath,
        [
          path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          'tsconfig.build.json',
          '--outDir',
          BUILD_DIR,
          '--sourceMap',
          'false',
        ],
        { cwd: PROJECT_ROOT, stdio: 'pipe' },
      );
    } catch (error) {
      if (!existsSync(path.join(BUILD_DIR, 'src', 'main.js'))) throw error;
    }
    // The schema is migrated once before the replicas start (see README: one migration runner).
    const db = await createTestDatabase('postgres');
    await ensureReferenceData(db.dataSource);
    schema = (db.config as { schema: string }).schema;
    drop = () => db.drop();
    replicas.push(await startReplica(schema));
    replicas.push(await startReplica(schema));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await drop();
    rmSync(BUILD_DIR, { recursive: true, force: true });
  }, 60_000);

  it('answer alike after an import through either', async () => {
    type Read = {
      own: { value: number | null; status: string }[];
      rollup: { jurisdiction: { code: string }; indicator: { code: string }; value: number | null; status: string }[];
      reports: { totalCount: number; edges: { node: { revision: number } }[] };
    };
    const read = (replica: Replica) => graphql<Read>(replica, READ, { codes: ['440304', '440300', '440000'] });
    const [a, b] = replicas;
    const before = await read(a);
    expect(await read(b)).toEqual(before);
    expect(before.reports.totalCount).toBe(0);

    // Imported through A: both see the report, its values and the roll-ups it feeds.
    const first = report(11);
    expect((await graphql<{ importReport: { outcome: string } }>(a, IMPORT, { input: first.input }, true)).importReport.outcome).toBe(
      'IMPORTED',
    );
    const afterFirst = await read(b);
    expect(afterFirst).toEqual(await read(a));
    expect(afterFirst.own.map((c) => c.value)).toEqual([
      first.values.cells.get('applications.new.total'),
      first.values.cells.get('outcome.total.total'),
    ]);
    const rollupOf = (r: Read, code: string) =>
      r.rollup.find((c) => c.jurisdiction.code === code && c.indicator.code === 'applications.new.total')?.value;
    for (const code of ['440304', '440300', '440000'])
      expect(rollupOf(afterFirst, code)).toBe(first.values.cells.get('applications.new.total'));

    // A revision through B supersedes it for both, roll-ups included.
    const second = report(12);
    expect(
      (await graphql<{ importReport: { outcome: string; revision: number } }>(b, IMPORT, { input: second.input }, true)).importReport,
    ).toMatchObject({ outcome: 'NEW_REVISION', revision: 2 });
    const afterSecond = await read(a);
    expect(afterSecond).toEqual(await read(b));
    expect(afterSecond.reports.totalCount).toBe(2);
    expect(afterSecond.own[0].value).toBe(second.values.cells.get('applications.new.total'));
    for (const code of ['440304', '440300', '440000'])
      expect(rollupOf(afterSecond, code)).toBe(second.values.cells.get('applications.new.total'));
  });
});
