import { labelKey } from './normalise';

/**
 * Tolerant row-label matching. Labels in real reports carry typos (`其他法律行政止公开`), stray spaces,
 * bracketed instructions, header words jammed in front (flattened tables) and fragments split over
 * lines; a canonical key is therefore searched as an approximate substring of the printed text.
 */

interface ApproxHit {
  distance: number;
  /** Index in `text` just after the best (last, on ties) occurrence. */
  end: number;
}

/** Sellers' algorithm: least edit distance between `pattern` and any substring of `text`. */
export function approximateSubstring(pattern: string, text: string): ApproxHit {
  const m = pattern.length;
  const n = text.length;
  if (m === 0) return { distance: 0, end: n };
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best: ApproxHit = { distance: m, end: 0 };
  for (let j = 1; j <= n; j++) {
    cur[0] = 0;
    const tc = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1] + (pattern.charCodeAt(i - 1) === tc ? 0 : 1);
      cur[i] = Math.min(sub, prev[i] + 1, cur[i - 1] + 1);
    }
    if (cur[m] <= best.distance) best = { distance: cur[m], end: j };
    [prev, cur] = [cur, prev];
  }
  return best;
}

/** Edits tolerated for a key of this length: none for short keys, about one in four for long ones. */
function tolerance(keyLength: number): number {
  return keyLength < 4 ? 0 : Math.floor(keyLength / 4);
}

/**
 * Score in [0, 1] of `printed` (raw label text) for the canonical `key` (already a label key).
 * Full matches near the end of the text score highest (the row label is the last thing before the cells);
 * a printed fragment of a long key (label cut across lines or cells) scores lower.
 */
export function labelScore(printed: string, key: string): number {
  const text = cachedKey(printed);
  if (text.length === 0) return 0;
  let best = 0;
  const fwd = cheapSearch(key, text);
  if (fwd.distance <= tolerance(key.length)) {
    const trailing = text.length - fwd.end;
    const position = trailing <= 3 ? 1 : Math.max(0.5, 1 - (trailing - 3) / 30);
    best = (1 - fwd.distance / key.length) * position;
  }
  if (text.length >= 4 && text.length < key.length) {
    const frag = cheapSearch(text, key);
    if (frag.distance <= tolerance(text.length)) {
      const s = (1 - frag.distance / text.length) * 0.85 * Math.min(1, text.length / 6);
      best = Math.max(best, s);
    }
  }
  return best;
}

const keyCache = new Map<string, string>();

function cachedKey(printed: string): string {
  let k = keyCache.get(printed);
  if (k === undefined) {
    k = labelKey(printed);
    if (keyCache.size > 5000) keyCache.clear();
    keyCache.set(printed, k);
  }
  return k;
}

/**
 * Exact hits and hopeless cases without the quadratic search: every pattern character absent from the
 * text costs at least one edit, so too many absent characters bound the distance from below.
 */
function cheapSearch(pattern: string, text: string): ApproxHit {
  const at = text.lastIndexOf(pattern);
  if (at !== -1) return { distance: 0, end: at + pattern.length };
  let absent = 0;
  for (const ch of pattern) if (!text.includes(ch)) absent++;
  if (absent > tolerance(pattern.length)) return { distance: pattern.length, end: 0 };
  return approximateSubstring(pattern, text);
}

export function bestKeyScore(printed: string, keys: string[]): number {
  let best = 0;
  for (const k of keys) best = Math.max(best, labelScore(printed, k));
  return best;
}
