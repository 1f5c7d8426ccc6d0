/** Structured JSON lines on stdout/stderr. Never pass secrets (tokens) in `fields`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * debug and info lines (one per request under load) go to stdout in one write per turn of the event
 * loop rather than one per line: same lines, same order, far fewer system calls. Whatever is pending
 * is written before the process exits. warn and error lines go to stderr at once.
 */
let pending = '';

function flush(): void {
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stdout.write(text);
}

function queue(line: string): void {
  if (pending === '') setImmediate(flush);
  pending += line;
}

process.on('exit', flush);

export function createLogger(level: LogLevel = 'info'): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, message: string, fields: Record<string, unknown> = {}) => {
    if (RANK[at] < RANK[level]) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields })}\n`;
    if (at === 'error' || at === 'warn') process.stderr.write(line);
    else queue(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
