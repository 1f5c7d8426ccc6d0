import type { IncomingMessage } from 'node:http';

/** When each request arrived (before its body was read): log lines and deadlines count from it. */
const arrivals = new WeakMap<IncomingMessage, number>();

export function markArrival(req: IncomingMessage): number {
  const now = performance.now();
  arrivals.set(req, now);
  return now;
}

/** The arrival time of a request marked on arrival (now, for one that was not). */
export function arrivalOf(req: IncomingMessage): number {
  return arrivals.get(req) ?? performance.now();
}

/** Milliseconds since the request arrived, to a tenth. */
export function durationOf(req: IncomingMessage): number {
  return Math.round((performance.now() - arrivalOf(req)) * 10) / 10;
}
