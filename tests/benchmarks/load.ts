import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../../src/paths';
import { SERVER_NODE_FLAGS } from '../../src/runtime-flags';

/**
 * `npm run load`: 8 concurrent clients on a mixed query set for 60 s (LOAD_SECONDS to change) against
 * the built server (`dist/src/main.js` with `npm start`'s node flags, started as a child process on a fresh SQLite file, which it
 * fills with the bundled reports on first start), over loopback. Prints requests/s, latency p50/p99,
 * the error count and the server's RSS every 10 s. Exits 1 on any error (failed request, non-2xx,
 * GraphQL error or timeout).
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = 8;

const POSTS = [
  {
    name: 'jurisdiction + children',
    query: '{ jurisdiction(code: "440300") { code name level ancestors { code } children { code name } } }',
  },
  {
    name: 'reports page',
    query: '{ reports(first: 10) { totalCount edges { node { id organ year formatVersion consistency { identity status } } } } }',
  },
  {
    name: 'report observations',
    query:
      '{ reports(jurisdiction: "350128") { edges { node { year revision observations(indicators: ["applications.new.total", "outcome.total.total", "review.total"]) { value status indicator { code unit } } } } } }',
  },
  { name: 'indicator search', query: '{ indicators(table: "3", search: "过程性") { code labelZh unit kind } }' },
  {
    name: 'cells roll-up',
    query:
      '{ cells(jurisdictions: { childrenOf: "350000" }, indicators: ["applications.new.total", "derived.disclosure_rate"], years: { from: 2019, to: 2024 }, measure: ROLLUP) { value status coverage { complete } } }',
  },
  {
    name: 'ranking',
    query:
      '{ ranking(indicator: "applications.new.total", year: 2022, among: { level: PREFECTURE }, first: 10) { rankedCount entries { rank value } } }',
  },
  {
    name: 'jurisdictions page',
    query: '{ jurisdictions(level: COUNTY, parent: "440300", first: 20) { totalCount edges { node { code name reports { year } } } } }',
  },
];
const GET_QUERY = '{ jurisdiction(code: "350128") { name reports { year organ } } }';

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ogi-load-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OGI_SQLITE_PATH: path.join(dir, 'load.sqlite'),
    OGI_PORT: '0',
    OGI_HOST: '127.0.0.1',
    OGI_LOG_LEVEL: 'warn',
  };
  delete env.OGI_DATABASE_URL;
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stderr.on('data', (chunk) => (output += chunk));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /GraphQL API:\s+http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${output}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const pid = server.pid as number;

    // Every query must answer without errors before the load starts.
    for (const { name, query } of POSTS) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (res.status !== 200 || body.errors) throw new Error(`${name}: ${res.status} ${JSON.stringify(body.errors)}`);
    }

    const samples: { at: number; rssMb: number }[] = [{ at: 0, rssMb: rssKb(pid) / 1024 }];
    console.log(
      `load: ${CONNECTIONS} connections for ${SECONDS} s on ${POSTS.length} POST queries and 1 GET query (${url}), server pid ${pid}`,
    );
    console.log(`  RSS at start: ${samples[0].rssMb.toFixed(1)} MB`);
    const started = Date.now();
    const sampler = setInterval(() => {
      const sample = { at: Math.round((Date.now() - started) / 1000), rssMb: rssKb(pid) / 1024 };
      samples.push(sample);
      console.log(`  t=${String(sample.at).padStart(3)} s  RSS ${sample.rssMb.toFixed(1)} MB`);
    }, 10_000);

    let graphqlErrors = 0;
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 10,
      requests: [
        ...POSTS.map(({ query }) => ({
          method: 'POST' as const,
          path: '/graphql',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
          onResponse: (status: number, body: string) => {
            if (status !== 200 || body.includes('"errors"')) graphqlErrors++;
          },
        })),
        {
          method: 'GET' as const,
          path: `/graphql?${new URLSearchParams({ query: GET_QUERY })}`,
          headers: { 'apollo-require-preflight': 'true' },
          onResponse: (status: number, body: string) => {
            if (status !== 200 || body.includes('"errors"')) graphqlErrors++;
          },
        },
      ],
    });
    clearInterval(sampler);
    const end = { at: Math.round((Date.now() - started) / 1000), rssMb: rssKb(pid) / 1024 };
    samples.push(end);

    const errors = result.errors + result.timeouts + result.non2xx + graphqlErrors;
    console.log(`  RSS at end: ${end.rssMb.toFixed(1)} MB (samples: ${samples.map((s) => `${s.at}s ${s.rssMb.toFixed(0)}`).join(', ')})`);
    console.log(
      `  requests: ${result.requests.total} in ${result.duration.toFixed(1)} s = ${result.requests.average.toFixed(0)} requests/s (mean; min ${result.requests.min}, max ${result.requests.max} per second)`,
    );
    console.log(`  latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(
      `  errors: ${errors} (connection errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, GraphQL errors ${graphqlErrors})`,
    );
    const later = samples.slice(Math.floor(samples.length / 2));
    const growth = later[later.length - 1].rssMb - later[0].rssMb;
    console.log(`  RSS over the second half: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`);
    return errors === 0 ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
