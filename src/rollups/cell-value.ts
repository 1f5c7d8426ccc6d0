/**
 * A value as the roll-up engine sees it. MISSING (no report) and BLANK (printed empty) are never 0:
 * they travel with the value so that sums and ratios can say what they are made of.
 */
export type CellStatus = 'VALUE' | 'BLANK' | 'NOT_APPLICABLE' | 'MISSING';

export interface CellValue {
  value: number | null;
  status: CellStatus;
  /** Why there is no number, where that is not obvious from the status (e.g. a zero denominator). */
  reason?: string;
}

export const MISSING: CellValue = { value: null, status: 'MISSING' };
export const BLANK: CellValue = { value: null, status: 'BLANK' };

export const valueOf = (value: number): CellValue => ({ value, status: 'VALUE' });

/**
 * Adds values as the format's sums do: printed numbers add; a blank beside numbers adds nothing;
 * only blanks stay blank; nothing at all is MISSING.
 */
export function sumValues(values: readonly CellValue[]): CellValue {
  let total = 0;
  let numbers = 0;
  let blanks = 0;
  for (const v of values) {
    if (v.status === 'VALUE' && v.value !== null) {
      total += v.value;
      numbers++;
    } else if (v.status === 'BLANK' || v.status === 'NOT_APPLICABLE') {
      blanks++;
    }
  }
  if (numbers > 0) return valueOf(total);
  return blanks > 0 ? BLANK : MISSING;
}
