/**
 * Near misses of jurisdiction names: one character replaced (沐阳县 for 沭阳县, 沭阳市 for 沭阳县), two
 * neighbours swapped, or one character added or left out. Adding or leaving out is counted only when
 * the shorter text still has four characters: with two-character stems it mostly joins a place to an
 * ordinary word (君山片区 is 君山区 plus 片) rather than misspelling it.
 */
export function isNearMiss(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1 || short.length < 4) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Names (official names and aliases) by length, for finding the near misses of a text. */
export class NearMissIndex {
  private readonly byLength = new Map<number, { text: string; code: string }[]>();

  constructor(names: Iterable<{ text: string; code: string }>) {
    for (const name of names) {
      const list = this.byLength.get(name.text.length) ?? [];
      list.push(name);
      this.byLength.set(name.text.length, list);
    }
  }

  /** Names one edit from the text, each jurisdiction once (the first name found). */
  near(text: string): { text: string; code: string }[] {
    const found = new Map<string, { text: string; code: string }>();
    for (const length of [text.length, text.length - 1, text.length + 1]) {
      for (const name of this.byLength.get(length) ?? []) {
        if (!found.has(name.code) && isNearMiss(text, name.text)) found.set(name.code, name);
      }
    }
    return [...found.values()];
  }
}
