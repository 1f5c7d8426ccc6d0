import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { DatabaseConfig } from '../../src/config';
import { MIGRATIONS } from '../../src/data-source';
import { PROJECT_ROOT } from '../../src/paths';
import { SERVER_NODE_FLAGS } from '../../src/runtime-flags';
import { GENERATOR_VERSION } from '../../src/synthetic/national';
import { quoteIdentifier, synthesize } from '../../src/synthetic/synthesize';
import { difference, QUERIES, rowsOfFloor, rowsOfGraphql, type BenchQuery } from './queries';

/**
 * `npm run bench [-- --postgres [URL]] [--duration S] [--connections N] [--seed N] [--queries Q1,Q5]`
 *
 * Synthetic national data (generated once, cached under .data/ or in the PostgreSQL schema ogi_bench,
 * keyed by seed, generator version and migrations), then two child processes on it: the real GraphQL
 * server (createApp + listen) and the floor (node:http + hand-written SQL, ./floor.ts). Both answer the
 * five requests of ./queries.ts; the answers are compared, then each request is measured over loopback
 * with autocannon against each server in turn. Prints latency, throughput, ratios to the floor, peak
 * RSS of each server process, PASS/FAIL per target. Then (unless `--no-varying`) Q1 again against the
 * server, every request with a query text of its own (its operation renamed `Q1_<n>`: the same work, a
 * text never seen before), as clients that build texts instead of sending variables do: its latency
 * beside the same-text Q1's and the server's peak RSS before and after. A script, not a test: figures
 * vary by machine.
 */
const { values: args } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.OGI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    schema: { type: 'string', default: 'ogi_bench' },
    duration: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'info' },
    queries: { type: 'string', default: QUERIES.map((q) => q.id).join(',') },
    varying: { type: 'boolean', default: true },
    'no-varying': { type: 'boolean', default: false },
  },
});
const VARYING = Boolean(args.varying) && !args['no-varying'];
// A partial run (e.g. `--queries Q5` while working on one request) still measures Q1: the roll-up targets are ratios to it.
const PICKED = new Set([
  'Q1',
  ...String(args.queries)
    .split(',')
    .map((id) => id.trim().toUpperCase()),
]);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const SEED = Number(args.seed);
const YEARS = { from: 2014, to: 2024 };
const DATA_KEY = `s${SEED}-g${GENERATOR_VERSION}-m${MIGRATIONS.length}-${YEARS.from}-${YEARS.to}`;

const TARGETS = { p50Ratio: 1.5, throughputRatio: 0.6, rollupToQ1: 2, rssMb: 250 };
/** The varying-text run is reported against the same-text Q1, not held to a target of its own except memory. */
const VARYING_RSS_MB = 250;

async function prepareData(): Promise<{ database: DatabaseConfig; env: Record<string, string>; describe(): Promise<string> }> {
  const log = (m: string) => console.log(`  ${m}`);
  if (args.postgres) {
    const { url, schema } = args as { url: string; schema: string };
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const marker = `ogi-stats synthetic ${DATA_KEY}`;
      const comment = await client.query('SELECT obj_description(oid) AS c FROM pg_namespace WHERE nspname = $1', [schema]);
      if (comment.rows[0]?.c !== marker) {
        console.log(`Generating synthetic data into PostgreSQL schema ${schema} (${DATA_KEY})…`);
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
        const result = await synthesize({ type: 'postgres', url, schema }, { seed: SEED, ...YEARS }, log);
        console.log(
          `  loaded ${result.observations.toLocaleString('en')} observations in ${result.loadSeconds.toFixed(1)} s: ${Math.round(result.observations / result.loadSeconds).toLocaleString('en')} observations/s; roll-ups and statistics ${result.finishSeconds.toFixed(1)} s`,
        );
        await client.query(`COMMENT ON SCHEMA ${quoteIdentifier(schema)} IS '${marker}'`);
      } else {
        console.log(`Synthetic data: PostgreSQL schema ${schema} (cached, ${DATA_KEY})`);
      }
    } finally {
      await client.end();
    }
    return {
      database: { type: 'postgres', url, schema },
      env: { OGI_DATABASE_URL: url, OGI_DATABASE_SCHEMA: schema },
      async describe() {
        const c = new Client({ connectionString: url });
        await c.connect();
        try {
          const q = async (sql: string) => (await c.query(sql)).rows[0];
          const s = quoteIdentifier(schema);
          const counts = await q(
            `SELECT (SELECT COUNT(*) FROM ${s}.report) AS reports, (SELECT COUNT(*) FROM ${s}.observation) AS observations, (SELECT COUNT(*) FROM ${s}.rollup) AS rollups`,
          );
          const size = await q(
            `SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relkind = 'r'`,
          );
          return `${Number(counts.reports).toLocaleString('en')} reports, ${Number(counts.observations).toLocaleString('en')} observations, ${Number(counts.rollups).toLocaleString('en')} roll-up rows; schema ${(Number(size.bytes) / 2 ** 30).toFixed(2)} GiB`;
        } finally {
          await c.end();
        }
      },
    };
  }
  const dir = path.join(PROJECT_ROOT, '.data');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${DATA_KEY}.sqlite`);
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    console.log(`Generating synthetic data into ${path.relative(PROJECT_ROOT, file)}…`);
    const result = await synthesize({ type: 'sqlite', path: partial }, { seed: SEED, ...YEARS }, log);
    console.log(
      `  loaded ${result.observations.toLocaleString('en')} observations in ${result.loadSeconds.toFixed(1)} s: ${Math.round(result.observations / result.loadSeconds).toLocaleString('en')} observations/s; roll-ups and statistics ${result.finishSeconds.toFixed(1)} s`,
    );
    for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
    renameSync(partial, file);
  } else {
    console.log(`Synthetic data: ${path.relative(PROJECT_ROOT, file)} (cached)`);
  }
  return {
    database: { type: 'sqlite', path: file },
    env: { OGI_SQLITE_PATH: file },
    async describe() {
      const db = new Database(file, { readonly: true });
      try {
        const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n.toLocaleString('en');
        return `${n('SELECT COUNT(*) AS n FROM report')} reports, ${n('SELECT COUNT(*) AS n FROM observation')} observations, ${n('SELECT COUNT(*) AS n FROM rollup')} roll-up rows; file ${(statSync(file).size / 2 ** 30).toFixed(2)} GiB`;
      } finally {
        db.close();
      }
    },
  };
}

interface Child {
  name: string;
  process: ChildProcess;
  url: string;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time used so far (user + system), in ms: per request, less sensitive to a busy machine than latency. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts a server script; its standard output (`READY <port>`, then the request log) goes to a file
 * under .data/, as a production log would, not through a pipe into this process: the load generator
 * runs here, and reading thousands of log lines a second would slow it down and lengthen the server's
 * measured latencies (the floor writes no log).
 */
async function startChild(name: string, script: string, env: Record<string, string>): Promise<Child> {
  const logFile = path.join(PROJECT_ROOT, '.data', `bench-${script.replace(/\.js$/, '')}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  // The server starts as `npm start` starts it; the floor as a plain node process.
  const flags = script === 'server.js' ? SERVER_NODE_FLAGS : [];
  const child = spawn(process.execPath, [...flags, path.join(__dirname, script)], {
    env: { ...process.env, OGI_LOG_LEVEL: args['log-level'] as string, ...env },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  const port = await new Promise<number>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /READY (\d+)/.exec(readFileSync(logFile, 'utf8'));
      if (!match) return;
      clearInterval(poll);
      resolve(Number(match[1]));
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`${name} exited with ${code} before it was ready (its output: ${path.relative(PROJECT_ROOT, logFile)})`));
    });
  });
  return {
    name,
    process: child,
    url: `http://127.0.0.1:${port}/graphql`,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    cpuMs() {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime, in ticks of 10 ms.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { errors?: unknown; data?: unknown };
  if (!response.ok || json.errors) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json;
}

interface Measure {
  /** Server CPU per answered request, in µs. */
  cpuUs: number;
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  failures: number;
}

/** The body of the n-th request of a varying-text run: the operation renamed, everything else the same. */
function varyingBody(query: BenchQuery, n: number): string {
  const { operationName } = query.body;
  const renamed = `${operationName}_${n}`;
  const text = query.body.query.replace(`query ${operationName}`, `query ${renamed}`);
  if (text === query.body.query) throw new Error(`${query.id}: its text does not name its operation ${operationName}`);
  return JSON.stringify({ ...query.body, operationName: renamed, query: text });
}

function load(target: Child, query: BenchQuery, seconds: number, varying = false): Promise<Measure> {
  const { url } = target;
  const cpuBefore = target.cpuMs();
  let sent = 0;
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const body = JSON.stringify(query.body);
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        // Each request's body built as it is sent: a text no earlier request had.
        ...(varying
          ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: varyingBody(query, ++sent) }) }] }
          : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
        resolve({
          cpuUs: ((target.cpuMs() - cpuBefore) * 1000) / Math.max(1, times.length),
          p50: at(0.5),
          p95: at(0.95),
          rps: times.length / seconds,
          requests: times.length,
          failures: result.errors + result.timeouts + result.non2xx,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function main() {
  const started = performance.now();
  const db = args.postgres ? 'PostgreSQL' : 'SQLite';
  const cpus = os.cpus();
  console.log(`ogi-stats benchmark on ${db}`);
  console.log(
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; Node ${process.version}; ${os.type()} ${os.release()}`,
  );
  const data = await prepareData();
  console.log(`Data: ${await data.describe()}`);
  console.log(
    `Load: autocannon, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per request and server, loopback; server log level ${args['log-level']}, written to .data/bench-server.log\n`,
  );

  // Every request comes from one address: let all connections hold a place for a large request (Q4), so
  // they queue for the OGI_MAX_EXPENSIVE places instead of being refused 503 OVERLOADED beyond the
  // per-client share (2), which would make Q4 measure refusals.
  const server = await startChild('GraphQL server', 'server.js', {
    ...data.env,
    OGI_MAX_EXPENSIVE_PER_CLIENT: String(CONNECTIONS),
    OGI_EXPENSIVE_QUEUE: String(Math.max(16, CONNECTIONS)),
  });
  const floor = await startChild('floor', 'floor.js', data.env);
  const results: { query: BenchQuery; server: Measure; floor: Measure; same: string | null }[] = [];
  let serverRss = NaN;
  let floorRss = NaN;
  let varying: { measure: Measure; rssBefore: number; rssAfter: number } | null = null;
  try {
    for (const query of QUERIES.filter((q) => PICKED.has(q.id))) {
      const answer = (await post(server.url, query.body)) as { data: unknown };
      const floorAnswer = await post(floor.url, query.body);
      const diff = difference(rowsOfGraphql(query.id, answer.data), rowsOfFloor(floorAnswer));
      const rows = rowsOfGraphql(query.id, answer.data).length;
      // Alternate servers per request so that drift of a noisy machine hits both alike.
      await load(server, query, WARMUP);
      const s = await load(server, query, DURATION);
      await load(floor, query, WARMUP);
      const f = await load(floor, query, DURATION);
      results.push({ query, server: s, floor: f, same: diff });
      console.log(`${query.id} ${query.title}: ${rows} values, answers ${diff ? `DIFFER (${diff})` : 'equal'}`);
    }
    if (VARYING) {
      const q1Query = QUERIES.find((q) => q.id === 'Q1')!;
      const answer = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: varyingBody(q1Query, 0),
      });
      const json = (await answer.json()) as { data?: unknown; errors?: unknown };
      const diff = difference(
        rowsOfGraphql('Q1', json.data),
        rowsOfGraphql('Q1', ((await post(server.url, q1Query.body)) as { data: unknown }).data),
      );
      if (json.errors || diff) throw new Error(`varying-text Q1 answers differently: ${JSON.stringify(json.errors) ?? diff}`);
      const rssBefore = server.peakRssMb();
      await load(server, q1Query, WARMUP, true);
      const measure = await load(server, q1Query, DURATION, true);
      varying = { measure, rssBefore, rssAfter: server.peakRssMb() };
      console.log(
        `Q1 with a new query text per request: ${measure.requests.toLocaleString('en')} requests (${measure.requests.toLocaleString('en')} texts)`,
      );
    }
  } finally {
    serverRss = server.peakRssMb();
    floorRss = floor.peakRssMb();
    await Promise.all([server.stop(), floor.stop()]);
  }

  const q1 = results.find((r) => r.query.id === 'Q1')!;
  console.log('\n        GraphQL server                    floor                           ratio (server / floor)');
  console.log('query   p50 ms   p95 ms    req/s          p50 ms   p95 ms    req/s         p50      req/s   answers  targets');
  const lines: string[] = [];
  let allPass = true;
  for (const r of results) {
    const p50Ratio = r.server.p50 / r.floor.p50;
    const rpsRatio = r.server.rps / r.floor.rps;
    const checks = [
      { name: `p50 ≤ ${TARGETS.p50Ratio}× floor`, ok: p50Ratio <= TARGETS.p50Ratio },
      { name: `req/s ≥ ${TARGETS.throughputRatio}× floor`, ok: rpsRatio >= TARGETS.throughputRatio },
      ...(r.query.rollup
        ? [
            {
              name: `p50 ≤ ${TARGETS.rollupToQ1}× Q1 (${fmt(r.server.p50 / q1.server.p50)}×)`,
              ok: r.server.p50 <= TARGETS.rollupToQ1 * q1.server.p50,
            },
          ]
        : []),
      { name: 'same answers', ok: r.same === null },
      { name: 'no failed requests', ok: r.server.failures + r.floor.failures === 0 },
    ];
    allPass &&= checks.every((c) => c.ok);
    lines.push(
      `${r.query.id.padEnd(6)}${fmt(r.server.p50).padStart(7)}${fmt(r.server.p95).padStart(9)}${fmt(r.server.rps, 0).padStart(9)}     ` +
        `${fmt(r.floor.p50).padStart(9)}${fmt(r.floor.p95).padStart(9)}${fmt(r.floor.rps, 0).padStart(9)}     ` +
        `${(fmt(p50Ratio) + '×').padStart(9)}${(fmt(rpsRatio) + '×').padStart(10)}  ${(r.same ? 'DIFFER' : 'equal').padEnd(8)} ` +
        checks.map((c) => `${verdict(c.ok)} ${c.name}`).join('; '),
    );
  }
  console.log(lines.join('\n'));
  console.log(
    `CPU per request (µs, the process's user + system time over the run / requests): ${results.map((r) => `${r.query.id} server ${fmt(r.server.cpuUs, 0)}, floor ${fmt(r.floor.cpuUs, 0)}`).join('; ')}`,
  );
  const rssOk = (varying ? varying.rssBefore : serverRss) <= TARGETS.rssMb;
  allPass &&= rssOk;
  console.log(
    `\nPeak RSS (VmHWM): GraphQL server ${fmt(varying ? varying.rssBefore : serverRss, 0)} MB (${verdict(rssOk)} ≤ ${TARGETS.rssMb} MB), floor ${fmt(floorRss, 0)} MB`,
  );
  if (varying) {
    const { measure: v, rssAfter } = varying;
    const varyingOk = rssAfter <= VARYING_RSS_MB && v.failures === 0;
    allPass &&= varyingOk;
    console.log('\nQ1, every request a new query text (server only; the floor parses no GraphQL):');
    console.log('              p50 ms   p95 ms    req/s   CPU µs/req     p50 vs same text   p50 vs floor');
    console.log(
      `same text   ${fmt(q1.server.p50).padStart(8)}${fmt(q1.server.p95).padStart(9)}${fmt(q1.server.rps, 0).padStart(9)}${fmt(q1.server.cpuUs, 0).padStart(13)}`,
    );
    console.log(
      `new texts   ${fmt(v.p50).padStart(8)}${fmt(v.p95).padStart(9)}${fmt(v.rps, 0).padStart(9)}${fmt(v.cpuUs, 0).padStart(13)}${(fmt(v.p50 / q1.server.p50) + '×').padStart(17)}${(fmt(v.p50 / q1.floor.p50) + '×').padStart(15)}`,
    );
    console.log(`Peak RSS (VmHWM) after it: ${fmt(rssAfter, 0)} MB (${verdict(varyingOk)} ≤ ${VARYING_RSS_MB} MB and no failed requests)`);
  }
  const partial = results.length < QUERIES.length ? `, partial run: ${results.map((r) => r.query.id).join(' ')}` : '';
  console.log(`Overall: ${allPass ? 'PASS' : 'FAIL'}${partial} (${db}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  writeFileSync(
    path.join(PROJECT_ROOT, '.data', `bench-last-${args.postgres ? 'postgres' : 'sqlite'}.json`),
    JSON.stringify(
      {
        db,
        machine: { cpu: cpus[0]?.model, cores: cpus.length, memoryGiB: os.totalmem() / 2 ** 30 },
        results: results.map((r) => ({ id: r.query.id, server: r.server, floor: r.floor, same: r.same === null })),
        serverRss,
        floorRss,
        varying,
      },
      null,
      2,
    ),
  );
  process.exitCode = allPass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
