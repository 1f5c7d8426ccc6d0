import { LimitExceededError } from '../errors';

/**
 * Places for expensive requests (cost at or above OGI_EXPENSIVE_COST: big roll-ups, matrices, exports).
 * At most `maxRunning` run at once; up to `maxWaiting` more wait in arrival order, each at most until its
 * own deadline; one client address holds at most `maxPerClient` places running or waiting. Beyond any
 * of these the request is refused at once with 503 OVERLOADED and a Retry-After estimated from how
 * long expensive requests have been taking. Cheap requests never wait here, so a flood of big requests
 * cannot starve small ones (or the probes), and memory is bounded by the few big answers in flight.
 */
export interface AdmissionLimits {
  maxRunning: number;
  maxWaiting: number;
  maxPerClient: number;
}

interface Waiter {
  client: string;
  admit(): void;
}

export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly perClient = new Map<string, number>();
  /** Moving average of how long an expensive request holds its place, for Retry-After. */
  private averageMs = 1_000;

  constructor(private readonly limits: AdmissionLimits) {}

  /** Requests running and waiting now (diagnostics and tests). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Resolves with the function that gives the place back (call it once the work has ended), or rejects
   * with OVERLOADED: at once when no place can be had, or when `waitMs` passes in the queue.
   */
  async enter(client: string, waitMs: number): Promise<() => void> {
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.limits.maxPerClient) throw this.overloaded(`this client already has ${held} expensive request(s) running or waiting`);
    if (this.running >= this.limits.maxRunning && this.waiting.length >= this.limits.maxWaiting)
      throw this.overloaded('every place for expensive requests is taken');
    this.perClient.set(client, held + 1);
    if (this.running < this.limits.maxRunning) {
      this.running += 1;
      return this.releaser(client);
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        client,
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(
        () => {
          const at = this.waiting.indexOf(waiter);
          if (at !== -1) this.waiting.splice(at, 1);
          this.leave(client);
          reject(this.overloaded('it waited for a place until its time limit'));
        },
        Math.max(0, waitMs),
      );
      this.waiting.push(waiter);
    });
    return this.releaser(client);
  }

  private releaser(client: string): () => void {
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      this.leave(client);
      const next = this.waiting.shift();
      if (next) next.admit();
      else this.running -= 1;
    };
  }

  private leave(client: string): void {
    const held = (this.perClient.get(client) ?? 1) - 1;
    if (held > 0) this.perClient.set(client, held);
    else this.perClient.delete(client);
  }

  private overloaded(why: string): LimitExceededError {
    const ahead = this.waiting.length + 1;
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(((ahead / this.limits.maxRunning) * this.averageMs) / 1_000)));
    return new LimitExceededError(
      'OVERLOADED',
      `The server is busy with other large requests (${why}). Try again in ${retryAfter} s, or ask for less (fewer jurisdictions, indicators or years) so the request is not a large one (OGI_EXPENSIVE_COST).`,
      { retryAfterSeconds: retryAfter, http: { status: 503, headers: new Map([['retry-after', String(retryAfter)]]) } },
    );
  }
}
