import { HEALTH_BOUND_MS, post, requestFrom, RSS_BOUND_MB, startAbuseServer, watchHealth, type AbuseServer } from '../support/abuse-server';

/**
 * More large requests than the server takes at once: a few run (OGI_MAX_EXPENSIVE), a few wait
 * (OGI_EXPENSIVE_QUEUE), the rest are refused at once with 503 OVERLOADED and a Retry-After; one
 * address cannot hold more than OGI_MAX_EXPENSIVE_PER_CLIENT places. Small requests never wait for
 * places: they and /healthz answer throughout, and memory stays bounded.
 */
let server: AbuseServer;
let expensive = '';
beforeAll(async () => {
  server = await startAbuseServer({
    OGI_MAX_EXPENSIVE: '1',
    OGI_EXPENSIVE_QUEUE: '3',
    OGI_EXPENSIVE_COST: '50000',
    OGI_MAX_EXPENSIVE_PER_CLIENT: '2',
    OGI_REQUEST_TIMEOUT_MS: '20000',
  });
  const catalog = await post(server, { query: '{ indicators { code } }' });
  const codes = (catalog.json.data as { indicators: { code: string }[] }).indicators.map((i) => i.code).slice(0, 20);
  // 3,004 counties × 20 indicators × 2 years: 120,000 cells, a large request by any measure here.
  expensive = JSON.stringify({
    query:
      'query($i: [ID!]!) { cells(jurisdictions: { level: COUNTY }, indicators: $i, years: { from: 2023, to: 2024 }) { value status } }',
    variables: { i: codes },
  });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

const SMALL = JSON.stringify({ query: '{ jurisdiction(code: "440300") { name children { code } } }' });

interface Outcome {
  status: number;
  code: unknown;
  retryAfter: string | undefined;
  ms: number;
}

async function send(from: string, body: string): Promise<Outcome> {
  const started = performance.now();
  const answer = await requestFrom(server, from, { path: '/graphql', method: 'POST', body });
  const json = JSON.parse(answer.text) as { errors?: { extensions?: { code?: unknown } }[] };
  return {
    status: answer.status,
    code: json.errors?.[0]?.extensions?.code,
    retryAfter: answer.headers['retry-after'] as string | undefined,
    ms: performance.now() - started,
  };
}

it('runs one, queues three and refuses the rest at once with 503 OVERLOADED and Retry-After; small requests go by', async () => {
  const health = watchHealth(server);
  const large = Array.from({ length: 8 }, (_, i) => send(`127.0.2.${i + 1}`, expensive));
  const small: Outcome[] = [];
  for (let i = 0; i < 10; i++) small.push(await send('127.0.3.1', SMALL));
  const outcomes = await Promise.all(large);
  const watched = await health.stop();

  const refused = outcomes.filter((o) => o.status === 503);
  console.log(
    `8 large requests: ${outcomes.map((o) => `${o.status}${o.code ? ` ${String(o.code)}` : ''} ${Math.round(o.ms)} ms`).join(', ')}; small ones at most ${Math.round(Math.max(...small.map((s) => s.ms)))} ms`,
  );
  expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThanOrEqual(4);
  expect(refused.length).toBeGreaterThanOrEqual(1);
  for (const o of refused) {
    expect(o.code).toBe('OVERLOADED');
    expect(Number(o.retryAfter)).toBeGreaterThanOrEqual(1);
  }
  for (const s of small) expect(s.status).toBe(200);
  expect(Math.max(...small.map((s) => s.ms))).toBeLessThan(HEALTH_BOUND_MS);
  expect(watched.failed).toBe(0);
  expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
  expect(watched.maxRssMb).toBeLessThan(RSS_BOUND_MB);
});

it("gives one address at most OGI_MAX_EXPENSIVE_PER_CLIENT places: its further large requests are refused, another address's are not", async () => {
  const greedy = Array.from({ length: 4 }, () => send('127.0.4.1', expensive));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const other = await send('127.0.4.2', expensive);
  const outcomes = await Promise.all(greedy);
  expect(outcomes.filter((o) => o.status === 200)).toHaveLength(2);
  expect(outcomes.filter((o) => o.code === 'OVERLOADED')).toHaveLength(2);
  expect(other.status).toBe(200);
});
