import net from 'node:net';
import { HEALTH_BOUND_MS, RSS_BOUND_MB, startAbuseServer, watchHealth, type AbuseServer } from '../support/abuse-server';

/**
 * Clients that hold connections instead of using them: headers sent a line at a time (slowloris),
 * bodies a byte at a time, connections opened and left idle, floods of connections from one address
 * and from many. Each is cut off within seconds by node:http's own timeouts and the connection caps
 * (OGI_HEADERS_TIMEOUT_MS, OGI_BODY_TIMEOUT_MS, OGI_KEEP_ALIVE_TIMEOUT_MS, OGI_MAX_CONNECTIONS,
 * OGI_MAX_CONNECTIONS_PER_CLIENT, set low here), while another client's /healthz keeps answering.
 *
 * Each attacker uses an address of its own on loopback (127.0.0.x): the per-client cap is per address.
 */
let server: AbuseServer;
beforeAll(async () => {
  server = await startAbuseServer({
    OGI_HEADERS_TIMEOUT_MS: '1000',
    OGI_BODY_TIMEOUT_MS: '2000',
    OGI_KEEP_ALIVE_TIMEOUT_MS: '1000',
    OGI_MAX_CONNECTIONS: '120',
    OGI_MAX_CONNECTIONS_PER_CLIENT: '20',
  });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

interface Held {
  socket: net.Socket;
  /** Resolves with ms from connecting to the server closing the connection, and what it answered. */
  closed: Promise<{ afterMs: number; answer: string }>;
}

/** A connection from `localAddress` that writes `chunks` one every `everyMs`, then the last one again forever (or nothing more: `once`). */
function hold(localAddress: string, chunks: string[] = [], everyMs = 300, once = false): Held {
  const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress });
  const started = performance.now();
  let answer = '';
  let sent = 0;
  const timer = setInterval(() => {
    if (chunks.length === 0 || socket.destroyed || (once && sent >= chunks.length)) return;
    socket.write(chunks[Math.min(sent, chunks.length - 1)]);
    sent += 1;
  }, everyMs);
  socket.on('data', (data) => (answer += data.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<{ afterMs: number; answer: string }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: performance.now() - started, answer });
    });
  });
  return { socket, closed };
}

async function expectHealthyDuring<T>(attack: () => Promise<T>): Promise<T> {
  const health = watchHealth(server);
  const result = await attack();
  const watched = await health.stop();
  expect(watched.failed).toBe(0);
  expect(watched.answered).toBeGreaterThan(0);
  expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
  expect(watched.maxRssMb).toBeLessThan(RSS_BOUND_MB);
  return result;
}

it('cuts off headers sent a line at a time (slowloris) within seconds: 408', async () => {
  const results = await expectHealthyDuring(() =>
    Promise.all(
      Array.from({ length: 10 }, () => hold('127.0.0.2', ['GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n'])).map((h) => h.closed),
    ),
  );
  for (const { afterMs, answer } of results) {
    expect(afterMs).toBeLessThan(6_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }
});

it('cuts off a body sent a byte at a time within seconds', async () => {
  const head = 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
  const results = await expectHealthyDuring(() =>
    Promise.all(Array.from({ length: 5 }, () => hold('127.0.0.3', [head, ' '], 200)).map((h) => h.closed)),
  );
  for (const { afterMs } of results) expect(afterMs).toBeLessThan(8_000);
});

it('closes idle connections, and kept-alive ones between requests, within seconds', async () => {
  const idle = hold('127.0.0.4');
  // One request on a kept-alive connection, then nothing.
  const kept = hold('127.0.0.4', ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], 50, true);
  const [a, b] = await Promise.all([idle.closed, kept.closed]);
  expect(a.afterMs).toBeLessThan(6_000);
  expect(b.afterMs).toBeLessThan(6_000);
  expect(b.answer).toMatch(/^HTTP\/1\.1 200/);
});

it('keeps at most OGI_MAX_CONNECTIONS_PER_CLIENT connections of one address, closing the rest at once', async () => {
  const flood = await expectHealthyDuring(async () => {
    const held = Array.from({ length: 100 }, () => hold('127.0.0.5'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const open = held.filter((h) => !h.socket.destroyed && !h.socket.closed).length;
    const results = await Promise.all(held.map((h) => h.closed));
    return { open, results };
  });
  expect(flood.open).toBeLessThanOrEqual(20);
  // The refused ones at once, the others at the headers timeout: none is held for long.
  for (const { afterMs } of flood.results) expect(afterMs).toBeLessThan(6_000);
});

it('keeps at most OGI_MAX_CONNECTIONS in all, and serves again once a flood from many addresses is cut off', async () => {
  const held = Array.from({ length: 10 }, (_, a) => Array.from({ length: 20 }, () => hold(`127.0.1.${a + 1}`))).flat();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const open = held.filter((h) => !h.socket.destroyed && !h.socket.closed).length;
  expect(open).toBeLessThanOrEqual(120);
  const results = await Promise.all(held.map((h) => h.closed));
  for (const { afterMs } of results) expect(afterMs).toBeLessThan(6_000);
  const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(HEALTH_BOUND_MS) });
  expect(res.status).toBe(200);
  await res.text();
});
