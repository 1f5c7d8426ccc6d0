import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/data-source';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/server';
import { testConfig } from '../support/api';
import { CLI, ensureCompiled, MAIN } from '../support/compiled';
import { countyGovernments, expectations, observationKey, writeReports } from '../support/report-files';

/**
 * Readers during an import see the old revision or the new one, never a mix; SIGTERM lets an
 * in-flight request finish before the server exits 0.
 */
const SEED = 777;
let work: string;

beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(path.join(tmpdir(), 'ogi-faults-'));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function childEnv(db: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OGI_SQLITE_PATH: db, OGI_LOG_LEVEL: 'silent', ...extra };
  delete env.OGI_DATABASE_URL;
  return env;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

it('a reader loop during an import of new revisions sees one whole revision at a time', async () => {
  const db = path.join(work, 'readers.sqlite');
  const [{ code, organ }] = countyGovernments(1, 100);
  const dir = path.join(work, 'revisions');
  mkdirSync(dir);
  const files = Array.from({ length: 16 }, (_, v) => writeReports(dir, [organ], SEED, v)[0]);
  const expected = await expectations(files, (file) => readFileSync(file));

  const dataSource = createDataSource({ type: 'sqlite', path: db });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await ensureReferenceData(dataSource);
  const app = await createApp({
    config: testConfig({ database: { type: 'sqlite', path: db } }),
    dataSource,
    logger: createLogger('silent'),
  });
  const query = `{ reports(jurisdiction: "${code}", year: 2022) { edges { node { revision contentHash observations { value status indicator { code } } } } } }`;

  const importer = spawn(process.execPath, [CLI, 'import', dir], {
    env: childEnv(db),
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as unknown as ChildProcessWithoutNullStreams;
  importer.stdout.resume();
  importer.stderr.resume();
  const done = exited(importer);
  let finished = false;
  void done.then(() => (finished = true));

  const revisions = new Set<number>();
  let reads = 0;
  try {
    while (!finished) {
      const response = await app.apollo.executeOperation({ query }, { contextValue: app.contextFor() });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      expect(errors).toBeUndefined();
      const edges = (
        data as {
          reports: {
            edges: {
              node: {
                revision: number;
                contentHash: string;
                observations: { value: number | null; status: string; indicator: { code: string } }[];
              };
            }[];
          };
        }
      ).reports.edges;
      reads++;
      if (edges.length === 0) continue;
      expect(edges).toHaveLength(1);
      const { revision, contentHash, observations } = edges[0].node;
      const keys = observations.map((o) => observationKey({ indicator: o.indicator.code, value: o.value, status: o.status })).sort();
      expect(keys).toEqual(expected.get(contentHash)?.observations);
      revisions.add(revision);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual({ code: 0, signal: null });
  } finally {
    if (!finished) importer.kill('SIGKILL');
    await app.stop();
    await dataSource.destroy();
  }
  console.log(
    `reader loop: ${reads} reads during the import of ${files.length} revisions; saw ${revisions.size} distinct revisions, each whole`,
  );
  expect(revisions.size).toBeGreaterThanOrEqual(3);
}, 120_000);

it('SIGTERM lets an in-flight request finish, refuses new connections, and exits 0', async () => {
  const db = path.join(work, 'shutdown.sqlite');
  const server = spawn(process.execPath, [MAIN], {
    env: childEnv(db, { OGI_PORT: '0', OGI_HOST: '127.0.0.1', OGI_LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as unknown as ChildProcessWithoutNullStreams;
  let output = '';
  server.stderr.on('data', (chunk) => (output += chunk));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
      server.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /GraphQL API:\s+http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      server.once('exit', () => reject(new Error(`server exited:\n${output}`)));
    });

    // A request whose body is still arriving when SIGTERM comes: in flight by any definition.
    const body = JSON.stringify({ query: '{ reports(first: 20) { totalCount edges { node { organ year observations { value } } } } }' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 20));
      setTimeout(() => {
        server.kill('SIGTERM');
        setTimeout(async () => {
          try {
            expect(server.exitCode).toBeNull();
            await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
            request.end(body.slice(20));
          } catch (error) {
            reject(error);
          }
        }, 700);
      }, 400);
    });
    const { status, text } = await response;
    expect(status).toBe(200);
    const json = JSON.parse(text) as { data: { reports: { totalCount: number } } };
    expect(json.data.reports.totalCount).toBeGreaterThan(0);
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/"message":"shutting down","signal":"SIGTERM"/);
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
}, 150_000);
