import { BadUserInputError } from './errors';

/** Checks of argument values shared by several fields; each error says what is valid. */
export const JURISDICTION_CODE = /^\d{6}$/;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Longest search text: SQLite refuses LIKE patterns over 50,000 bytes, and no name or label is near this. */
export const MAX_SEARCH_LENGTH = 200;

export function checkSearchText(text: string, argument = 'search'): void {
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(
      `${argument} must be at most ${MAX_SEARCH_LENGTH} characters, got ${text.length}: search for a shorter part of the name or label.`,
      { argument },
    );
  }
}

export function checkJurisdictionCode(code: string, argument = 'code'): void {
  if (!JURISDICTION_CODE.test(code)) {
    throw new BadUserInputError(`${argument} must be a six-digit GB/T 2260 division code such as "440300" (深圳市), got "${code}".`, {
      argument,
    });
  }
}

export function checkYear(year: number, argument = 'year'): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new BadUserInputError(`${argument} must be a four-digit year from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}.`, { argument });
  }
}

/** Control characters (C0 and DEL): never part of a name or a URL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Longest source URL stored (the column's length). */
export const MAX_URL_LENGTH = 2_000;
/** Longest organ name stored (the column's length); real names are a few dozen characters. */
export const MAX_ORGAN_LENGTH = 200;

/**
 * Where a report was published: an absolute http(s) URL. Anything else (javascript:, data:, a file
 * path, text that a spreadsheet would run as a formula) is refused: clients render it as a link.
 */
export function checkSourceUrl(url: string, argument = 'sourceUrl'): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (
    !parsed ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    /\s/.test(url) ||
    hasControlCharacter(url) ||
    url.length > MAX_URL_LENGTH
  ) {
    throw new BadUserInputError(
      `${argument} must be an http:// or https:// URL of at most ${MAX_URL_LENGTH} characters without spaces, e.g. "https://www.pingtan.gov.cn/…", got "${excerpt(url)}".`,
      { argument },
    );
  }
}

/** An organ's name: printed text, at most MAX_ORGAN_LENGTH characters, no control characters. */
export function checkOrganName(organ: string, argument = 'organ'): void {
  if (organ.length > MAX_ORGAN_LENGTH || hasControlCharacter(organ) || organ.trim() === '') {
    throw new BadUserInputError(
      `${argument} must be an organ's name as printed (at most ${MAX_ORGAN_LENGTH} characters, no control characters), got "${excerpt(organ)}".`,
      { argument },
    );
  }
}

/** A value quoted in an error message: short, so a megabyte of input is not echoed back or logged. */
export function excerpt(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
