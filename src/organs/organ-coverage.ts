/**
 * Which organs a roll-up of a year expects, and which of them it lacks. An organ is expected in year Y
 * when it has an OWN report in Y − 1, Y or Y + 1 (it existed then and reports); it is missing when,
 * expected, it has none in Y. An organ set up or dissolved is thus expected only next to its years, and
 * an organ that skipped one year in the middle is named. Pure: the caller gives each organ's years.
 */
export interface OrganYears<T> {
  organ: T;
  /** Years with a current OWN report (at least those from Y − 1 to Y + 1 of the years asked about). */
  years: ReadonlySet<number>;
}

export interface OrganCoverage<T> {
  expected: T[];
  missing: T[];
}

/** Over several years (aggregated cells): expected in any of them, missing in any year it was expected. */
export function organCoverage<T>(organs: Iterable<OrganYears<T>>, years: readonly number[]): OrganCoverage<T> {
  const expected: T[] = [];
  const missing: T[] = [];
  for (const { organ, years: reported } of organs) {
    let isExpected = false;
    let isMissing = false;
    for (const year of years) {
      if (!reported.has(year - 1) && !reported.has(year) && !reported.has(year + 1)) continue;
      isExpected = true;
      if (!reported.has(year)) isMissing = true;
    }
    if (isExpected) expected.push(organ);
    if (isMissing) missing.push(organ);
  }
  return { expected, missing };
}
