import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import { describeWithPostgres, POSTGRES_URL } from '../support/database';
import { HEALTH_BOUND_MS, post, startAbuseServer, watchHealth, type AbuseServer } from '../support/abuse-server';

/**
 * A PostgreSQL that accepts connections and then never answers (a hung server, a network that drops
 * packets, a firewall that swallows them). The server reaches PostgreSQL through a loopback proxy
 * that the test switches between passing bytes and swallowing them, on the connections it holds
 * and on new ones. Then: /readyz answers 503 within its time limit with a generic reason (details to
 * callers with a write token and to the log), queries fail within the statement timeout instead of
 * hanging, /healthz answers throughout, and once PostgreSQL answers again the server is ready again.
 * Runs when PostgreSQL answers; always in CI.
 */
const describeBlackHole = describeWithPostgres('Black-hole database test');

/** Passes bytes between clients and PostgreSQL, or swallows them all (accepting new connections all the same). */
class SwitchingProxy {
  blackHole = false;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      this.track(client);
      if (this.blackHole) return;
      const upstream = net.connect(target);
      this.track(upstream);
      client.on('data', (data) => {
        if (!this.blackHole) upstream.write(data);
      });
      upstream.on('data', (data) => {
        if (!this.blackHole) client.write(data);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describeBlackHole('a database that accepts connections and never answers', () => {
  const target = new URL(POSTGRES_URL);
  const schema = `abuse_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const token = 'black-hole-test-token-0123456789';
  const proxy = new SwitchingProxy({ host: target.hostname, port: Number(target.port || 5432) });
  let server: AbuseServer;

  beforeAll(async () => {
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    const port = await proxy.listen();
    const viaProxy = new URL(POSTGRES_URL);
    viaProxy.port = String(port);
    server = await startAbuseServer({
      OGI_DATABASE_URL: viaProxy.toString(),
      OGI_DATABASE_SCHEMA: schema,
      OGI_DB_CONNECT_TIMEOUT_MS: '1000',
      OGI_DB_STATEMENT_TIMEOUT_MS: '1500',
      OGI_DB_POOL_SIZE: '4',
      OGI_READY_TIMEOUT_MS: '1000',
      OGI_WRITE_TOKENS: token,
    });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await proxy.close();
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }, 60_000);

  const readyz = async (headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(`${server.url}/readyz`, { headers, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[] }, ms: performance.now() - started };
  };

  it('is ready while PostgreSQL answers', async () => {
    expect((await readyz()).status).toBe(200);
    expect((await post(server, { query: '{ reports(first: 1) { totalCount } }' })).status).toBe(200);
  });

  it('then, swallowed: /readyz 503 within its time limit, generic for anonymous callers; queries fail within the statement timeout; /healthz answers', async () => {
    proxy.blackHole = true;
    const health = watchHealth(server);
    const anonymous = await readyz();
    const trusted = await readyz({ authorization: `Bearer ${token}` });
    const query = await post(server, { query: '{ reports(first: 1) { totalCount } }' });
    const watched = await health.stop();

    console.log(
      `black hole: /readyz ${anonymous.status} in ${Math.round(anonymous.ms)} ms, a query ${query.status} in ${Math.round(query.ms)} ms, /healthz slowest ${Math.round(watched.slowestMs)} ms`,
    );
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toEqual({ status: 'unavailable', reasons: ['the database is not available'] });
    expect(anonymous.ms).toBeLessThan(5_000);
    expect(trusted.status).toBe(503);
    expect(trusted.body.reasons?.[0]).toMatch(/did not answer within 1000 ms|does not answer/);
    expect(query.ms).toBeLessThan(10_000);
    expect(query.status).toBe(503);
    expect(query.json.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(query.json)).not.toMatch(/timeout|127\.0\.0\.1|postgres/i);
    expect(watched.failed).toBe(0);
    expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(server.output()).toMatch(/"message":"not ready"/);
  });

  it('and ready again once PostgreSQL answers again', async () => {
    proxy.blackHole = false;
    const deadline = performance.now() + 30_000;
    let last = await readyz();
    while (last.status !== 200 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = await readyz();
    }
    expect(last.status).toBe(200);
    expect((await post(server, { query: '{ reports(first: 1) { totalCount } }' })).status).toBe(200);
  }, 60_000);
});
