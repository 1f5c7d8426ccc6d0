/**
 * Helpers for statements over lists. SQLite bounds the number of bound parameters per statement and
 * PostgreSQL slows down on huge IN lists, so long lists go in chunks.
 */
export const CHUNK_SIZE = 500;

export function chunk<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `query` once per chunk of `keys` and concatenates the rows; no statement for an empty list. */
export async function inChunks<K, R>(keys: readonly K[], query: (chunk: K[]) => Promise<R[]>, size = CHUNK_SIZE): Promise<R[]> {
  if (keys.length === 0) return [];
  const results: R[] = [];
  for (const part of chunk(keys, size)) results.push(...(await query(part)));
  return results;
}

/** Groups rows by a key, keeping every key asked for (so a DataLoader gets an entry per key). */
export function groupBy<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}
