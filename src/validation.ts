import { BadUserInputError } from './errors';

/** Checks of argument values shared by several fields; each error says what is valid. */
export const JURISDICTION_CODE = /^\d{6}$/;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Longest search text: SQLite refuses LIKE patterns over 50,000 bytes, and no name or label is near this. */
export const MAX_SEARCH_LENGTH = 200;

export function checkSearchText(text: string, argument = 'search'): void {
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(`${argument} must be at most ${MAX_SEARCH_LENGTH} characters, got ${text.length}: search for a shorter part of the name or label.`, { argument });
  }
}

export function checkJurisdictionCode(code: string, argument = 'code'): void {
  if (!JURISDICTION_CODE.test(code)) {
    throw new BadUserInputError(`${argument} must be a six-digit GB/T 2260 division code such as "440300" (深圳市), got "${code}".`, { argument });
  }
}

export function checkYear(year: number, argument = 'year'): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new BadUserInputError(`${argument} must be a four-digit year from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}.`, { argument });
  }
}
