import type { DataSource } from 'typeorm';

/**
 * A condition "column is one of these values" that binds the whole list as ONE parameter, so a
 * statement's size and the number of statements stay the same for 3 keys or 30,000 (SQLite caps bound
 * parameters per statement; long IN lists also slow PostgreSQL's planner).
 * PostgreSQL: `col = ANY(:param)` with an array; SQLite: `col IN (SELECT value FROM json_each(:param))`.
 */
export function anyOf(
  dataSource: DataSource,
  column: string,
  param: string,
  values: readonly (string | number)[],
): [string, Record<string, unknown>] {
  if (dataSource.options.type === 'postgres') {
    return [`${column} = ANY(:${param})`, { [param]: [...values] }];
  }
  return [`${column} IN (SELECT value FROM json_each(:${param}))`, { [param]: JSON.stringify(values) }];
}

/** Groups rows by a key, keeping every key asked for (so a DataLoader gets an entry per key). */
export function groupBy<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Splits a list for multi-row INSERTs, which bind one parameter per column per row. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Keeps one entry per key, in first-seen order. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Up to this many values, a SQLite `IN` list is bound value by value (see SqlParameters.anyOf). */
const SQLITE_LISTED_VALUES = 32;

/**
 * Positional parameters of a statement written out in full (for `dataSource.query`, which skips the
 * query builder on hot paths): `$n` on PostgreSQL, `?` on SQLite. Placeholders must be made in the
 * order they appear in the text.
 */
export class SqlParameters {
  readonly values: unknown[] = [];
  private readonly postgres: boolean;

  constructor(dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** The placeholder of one bound value. */
  bind(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }

  /**
   * `column` is one of `values`. PostgreSQL binds the list as one array parameter. SQLite binds a short
   * list value by value (`IN (?, ?, …)`: the planner probes the index once per value, with no JSON to
   * parse nor subquery to materialise, about twice as fast for the few codes of a typical request) and
   * a long one as one JSON parameter (`json_each`), which keeps the statement text, and so its prepared
   * statement, the same whatever the length.
   */
  anyOf(column: string, values: readonly (string | number)[]): string {
    if (this.postgres) return `${column} = ANY(${this.bind([...values])})`;
    if (values.length > 0 && values.length <= SQLITE_LISTED_VALUES) return `${column} IN (${values.map((v) => this.bind(v)).join(', ')})`;
    return `${column} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(values))}))`;
  }
}
