import { createLogger } from '../../src/logger';
import { WRITE_TOKEN } from '../support/api';
import { createTestDatabase } from '../support/database';
import { postGraphQL, startLimitsServer, type LimitsServer } from '../support/limits-server';

/** Liveness, readiness, and the structured request log (JSON lines, never a token). */
describe('GET /readyz', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer();
  });
  afterAll(() => server?.close());

  it('answers 200 {status:"ready"} when the database answers and the migrations are current', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 with the reason when a migration is pending', async () => {
    const db = await createTestDatabase('sqlite');
    await db.dataSource.undoLastMigration();
    const behind = await startLimitsServer({ dataSource: db.dataSource });
    try {
      const res = await fetch(`${behind.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', reasons: [expect.stringMatching(/^migrations are pending/)] });
      const health = await fetch(`${behind.url}/healthz`);
      expect(health.status).toBe(200);
      await health.text();
    } finally {
      await behind.close();
      await db.drop();
    }
  });

  it('answers 503 with the reason when the database is gone (the process stays up: /healthz 200)', async () => {
    const db = await createTestDatabase('sqlite');
    const gone = await startLimitsServer({ dataSource: db.dataSource });
    try {
      await db.dataSource.destroy();
      const res = await fetch(`${gone.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', reasons: ['the database is not available'] });
      const health = await fetch(`${gone.url}/healthz`);
      expect(health.status).toBe(200);
      await health.text();
    } finally {
      await gone.close();
    }
  });
});

describe('request logs', () => {
  it('are JSON lines with the operation name, duration and outcome, and never contain a token', async () => {
    const written: string[] = [];
    const server = await startLimitsServer({ logger: createLogger('info') });
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    const secret = 'not-a-configured-token-but-secret-42';
    try {
      await postGraphQL(
        server.url,
        { query: 'query Shenzhen { jurisdiction(code: "440300") { name } }' },
        { authorization: `Bearer ${WRITE_TOKEN}` },
      );
      await postGraphQL(server.url, { query: 'query Bad { jurisdiction(code: "4403") { name } }' }, { authorization: `Bearer ${secret}` });
      await postGraphQL(
        server.url,
        { query: `mutation Import { importReport(input: { content: "x", contentEncoding: UTF8, dryRun: true }) { outcome } }` },
        { authorization: `Bearer ${secret}` },
      );
      await postGraphQL(
        server.url,
        { query: `{ __typename }`, variables: { pad: 'y'.repeat(17 * 1024 * 1024) } },
        { authorization: `Bearer ${WRITE_TOKEN}` },
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
      await server.close();
    }
    const lines = written.join('').split('\n').filter(Boolean);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = records.filter((r) => r.message === 'graphql request');
    expect(requests).toEqual([
      expect.objectContaining({
        level: 'info',
        operation: 'Shenzhen',
        outcome: 'ok',
        durationMs: expect.any(Number),
        time: expect.any(String),
      }),
      expect.objectContaining({ operation: 'Bad', outcome: 'error', errorCodes: ['BAD_USER_INPUT'] }),
      expect.objectContaining({ operation: 'Import', outcome: 'error', errorCodes: ['UNAUTHENTICATED'] }),
      // Refused while its body was read: logged too, with the real duration from its arrival.
      expect.objectContaining({
        operation: null,
        status: 413,
        outcome: 'error',
        errorCodes: ['PAYLOAD_TOO_LARGE'],
        durationMs: expect.any(Number),
      }),
    ]);
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'request rejected', status: 413, code: 'PAYLOAD_TOO_LARGE' }),
    );
    for (const line of lines) {
      expect(line).not.toContain(WRITE_TOKEN);
      expect(line).not.toContain(secret);
      expect(line).not.toMatch(/bearer/i);
    }
  });
});
