import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../../src/runtime-flags';
import { ensureCompiled, MAIN } from './compiled';

/**
 * The hostile-traffic tier runs the built server as production does (`node --heap-growing-percent=50
 * dist/src/main.js`, a child process, so its memory is its own to measure) on a fresh SQLite file
 * filled on first start (reference data and the bundled reports), or on the database the test names.
 *
 * Bounds are generous on purpose (a shared, noisy machine): they prove "does not hang" and "does not
 * swell", not speed. The bounds: RSS under 300 MB throughout, /healthz answered within a
 * couple of seconds while the server is under attack.
 */
export const RSS_BOUND_MB = 300;
export const HEALTH_BOUND_MS = 2_000;

export interface AbuseServer {
  url: string;
  port: number;
  pid: number;
  /** The SQLite file it runs on (in a directory of its own). */
  databasePath: string;
  /** Resident memory now, in MB. */
  rssMb(): number;
  /** The process's peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** Everything the server wrote (JSON log lines). */
  output(): string;
  stop(): Promise<void>;
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export async function startAbuseServer(env: Record<string, string> = {}): Promise<AbuseServer> {
  ensureCompiled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ogi-abuse-'));
  const databasePath = path.join(dir, 'abuse.sqlite');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    OGI_SQLITE_PATH: databasePath,
    OGI_PORT: '0',
    OGI_HOST: '127.0.0.1',
    OGI_LOG_LEVEL: 'warn',
    ...env,
  };
  if (!env.OGI_DATABASE_URL) delete childEnv.OGI_DATABASE_URL;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, MAIN], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 120_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /GraphQL API:\s+http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`));
    });
  });
  // The start-up's own log lines are written on the next turns of its event loop.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const pid = child.pid as number;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    databasePath,
    rssMb: () => status(pid, 'VmRSS'),
    peakRssMb: () => status(pid, 'VmHWM'),
    output: () => output,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }).then(() => rmSync(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
}

/** Polls /healthz (and the server's RSS) until stopped; keeps the slowest answer and the highest RSS. */
export function watchHealth(server: AbuseServer): {
  stop(): Promise<{ slowestMs: number; answered: number; failed: number; maxRssMb: number }>;
} {
  let running = true;
  let slowestMs = 0;
  let answered = 0;
  let failed = 0;
  let maxRssMb = server.rssMb();
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        await res.text();
        if (res.status === 200) answered += 1;
        else failed += 1;
      } catch {
        failed += 1;
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
      maxRssMb = Math.max(maxRssMb, server.rssMb());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowestMs, answered, failed, maxRssMb };
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  ms: number;
}

/** POSTs a GraphQL request; the answer with how long it took. */
export function post(server: AbuseServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return postRaw(server, JSON.stringify(body), headers);
}

/** POSTs a JSON body given as text (for bodies JSON.stringify cannot write, such as very deep ones). */
export async function postRaw(server: AbuseServer, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json, ms: performance.now() - started };
}

/** A raw HTTP request from a given loopback address (127.0.0.x: another "client"), the answer's status. */
export function requestFrom(
  server: AbuseServer,
  localAddress: string,
  options: { path: string; method?: string; body?: string; headers?: Record<string, string> },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        localAddress,
        path: options.path,
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Lines of the server's JSON log with this message. */
export function logLines(server: AbuseServer, message: string): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.message === message);
}
