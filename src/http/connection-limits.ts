import type http from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from '../config';
import type { Logger } from '../logger';

/** Refusals are logged at most this often (a flood of connections must not become a flood of log lines). */
const LOG_EVERY_MS = 10_000;

/**
 * What one connection may hold, with node:http's own options: headers within `headersTimeoutMs`, the
 * whole request within `requestTimeoutMs` (slow bodies), idle keep-alive connections closed after
 * `keepAliveTimeoutMs`, at most `maxConnections` open (node closes the others at once, 'drop'), and
 * at most `maxConnectionsPerClient` from one address (closed here at once). An answer that the client
 * does not read is given up after the socket has been idle for `idleMs` (a slow reader cannot hold a
 * large answer in memory for long).
 */
export function limitConnections(server: http.Server, limits: HttpLimits, idleMs: number, logger: Logger): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.timeout = idleMs;

  let refused = { total: 0, perClient: 0 };
  let loggedAt = -Infinity;
  const refuse = (kind: 'total' | 'perClient') => {
    refused[kind] += 1;
    const now = performance.now();
    if (now - loggedAt < LOG_EVERY_MS) return;
    loggedAt = now;
    logger.warn('connections refused', {
      overLimit: refused.total,
      overClientLimit: refused.perClient,
      maxConnections: limits.maxConnections,
      maxConnectionsPerClient: limits.maxConnectionsPerClient,
    });
    refused = { total: 0, perClient: 0 };
  };
  server.on('drop', () => refuse('total'));

  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const count = open.get(client) ?? 0;
    if (count >= limits.maxConnectionsPerClient) {
      refuse('perClient');
      socket.destroy();
      return;
    }
    open.set(client, count + 1);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
  });
}
