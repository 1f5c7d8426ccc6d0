import type { MissingPart } from '../../src/reports/report-terms';
import { checkConsistency } from '../../src/reports/consistency';
import { checkCrossYear } from '../../src/reports/cross-year';

/**
 * An independent computation of the roll-up measures, coverage, composition and quality from a list of
 * stored reports, for tests to hold the server against. It walks the hierarchy recursively from the
 * reports' own jurisdictions (parents found from the codes), where the server reads materialised rows
 * and SQL conditions; the accounting identities themselves (consistency.ts, cross-year.ts) are the
 * format's definitions and are used as they are.
 */
export interface StoredSpec {
  id: number;
  jurisdiction: string;
  year: number;
  organ: string;
  organKind: 'GOVERNMENT' | 'DEPARTMENT';
  scope: 'OWN' | 'SUMMARY';
  values: Record<string, number | null>;
  missing: MissingPart[];
}

export type Measure = 'OWN' | 'REPORTED' | 'ROLLUP' | 'BEST';
export interface Value {
  value: number | null;
  status: 'VALUE' | 'BLANK' | 'NOT_APPLICABLE' | 'MISSING';
}

const DERIVED: Record<
  string,
  { parts: string[]; of: (v: (code: string) => number) => number; denominator: (v: (code: string) => number) => number }
> = {
  'derived.disclosure_rate': {
    parts: ['outcome.disclosed.total', 'outcome.partially_disclosed.total', 'outcome.total.total'],
    of: (v) => v('outcome.disclosed.total') + v('outcome.partially_disclosed.total'),
    denominator: (v) => v('outcome.total.total'),
  },
};

export const partsOf = (code: string): string[] => DERIVED[code]?.parts ?? [code];

/** Province, prefecture or county by the code (as GB/T 2260 spells them), and the parent by the code. */
export function parentOf(code: string): string | null {
  if (code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  // 省直辖县级: the province's 90 block.
  if (code.slice(2, 4) === '90') return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

export function isZone(code: string): boolean {
  return !code.endsWith('00') && code[4] === '7';
}

export class Oracle {
  private readonly current: StoredSpec[];

  /** `stored` in the order stored; the last of an organ and year is its current report. */
  constructor(stored: readonly StoredSpec[]) {
    const byOrganYear = new Map<string, StoredSpec>();
    for (const spec of stored) byOrganYear.set(`${spec.jurisdiction}|${spec.organ}|${spec.year}`, spec);
    this.current = [...byOrganYear.values()].sort((a, b) => a.id - b.id);
  }

  reportsOf(code: string, year: number): StoredSpec[] {
    return this.current.filter((r) => r.jurisdiction === code && r.year === year);
  }

  private summaryOf(code: string, year: number, keep: (r: StoredSpec) => boolean): StoredSpec | null {
    const summaries = this.reportsOf(code, year).filter((r) => r.scope === 'SUMMARY' && keep(r));
    return summaries.length > 0 ? summaries[summaries.length - 1] : null;
  }

  /** Jurisdictions directly below `code` that have a report in `year`, or one below them. */
  private childrenWithReports(code: string, year: number): string[] {
    const children = new Set<string>();
    for (const r of this.current.filter((s) => s.year === year)) {
      for (let c: string | null = r.jurisdiction; c !== null; c = parentOf(c)) {
        if (parentOf(c) === code) children.add(c);
      }
    }
    return [...children].sort();
  }

  /** The reports behind a measure of `root` in `year`; `keep` leaves reports out (exclude). */
  behind(measure: Measure, root: string, year: number, keep: (r: StoredSpec) => boolean = () => true): StoredSpec[] {
    const own = (code: string) => this.reportsOf(code, year).filter((r) => r.scope === 'OWN' && keep(r));
    switch (measure) {
      case 'OWN': {
        const government = own(root).filter((r) => r.organKind === 'GOVERNMENT');
        return government.length > 0 ? [government[government.length - 1]] : [];
      }
      case 'REPORTED': {
        const summary = this.summaryOf(root, year, keep);
        return summary ? [summary] : [];
      }
      case 'ROLLUP': {
        const walk = (code: string): StoredSpec[] => [...own(code), ...this.childrenWithReports(code, year).flatMap(walk)];
        return walk(root);
      }
      case 'BEST': {
        const walk = (code: string): StoredSpec[] => {
          const summary = this.summaryOf(code, year, keep);
          return summary ? [summary] : [...own(code), ...this.childrenWithReports(code, year).flatMap(walk)];
        };
        return walk(root);
      }
    }
  }

  /** The jurisdictions whose SUMMARY answers for BEST (topmost), and those whose OWN reports are added. */
  composition(measure: 'ROLLUP' | 'BEST', root: string, year: number): { summaries: string[]; own: string[] } {
    const reports = this.behind(measure, root, year);
    return {
      summaries: [...new Set(reports.filter((r) => r.scope === 'SUMMARY').map((r) => r.jurisdiction))].sort(),
      own: [...new Set(reports.filter((r) => r.scope === 'OWN').map((r) => r.jurisdiction))].sort(),
    };
  }

  value(measure: Measure, root: string, code: string, year: number, keep?: (r: StoredSpec) => boolean): Value {
    const derived = DERIVED[code];
    const reports = this.behind(measure, root, year, keep);
    const sum = (c: string): Value => {
      const printed = reports.filter((r) => c in r.values).map((r) => r.values[c]);
      if (printed.length === 0) return { value: null, status: 'MISSING' };
      const numbers = printed.filter((v): v is number => v !== null);
      return numbers.length === 0 ? { value: null, status: 'BLANK' } : { value: numbers.reduce((a, b) => a + b, 0), status: 'VALUE' };
    };
    if (!derived) return sum(code);
    const parts = new Map(derived.parts.map((p) => [p, sum(p)]));
    if ([...parts.values()].some((p) => p.status === 'MISSING')) return { value: null, status: 'MISSING' };
    const v = (c: string) => parts.get(c)?.value ?? 0;
    // Numerator: a sum (blank beside a number counts 0, all blank stays blank); the denominator must be a number.
    const numeratorBlank = ['outcome.disclosed.total', 'outcome.partially_disclosed.total'].every((p) => parts.get(p)?.status !== 'VALUE');
    if (numeratorBlank || parts.get('outcome.total.total')?.status !== 'VALUE') return { value: null, status: 'BLANK' };
    if (derived.denominator(v) === 0) return { value: null, status: 'NOT_APPLICABLE' };
    return { value: derived.of(v) / derived.denominator(v), status: 'VALUE' };
  }

  /** Failing checks of a report on `parts`: `${reportId}:${identity}:${scope}`. */
  failures(report: StoredSpec, parts: readonly string[]): string[] {
    const values = new Map(Object.entries(report.values));
    const previous = this.current.find(
      (r) => r.jurisdiction === report.jurisdiction && r.organ === report.organ && r.year === report.year - 1,
    );
    const checks = [
      ...checkConsistency(values),
      ...(previous ? checkCrossYear(values, new Map(Object.entries(previous.values)), previous.id) : []),
    ];
    return checks
      .filter((c) => c.status === 'FAIL' && c.operands.some((o) => parts.includes(o)))
      .map((c) => `${report.id}:${c.identity}:${c.scope}`);
  }

  declaredMissing(report: StoredSpec, parts: readonly string[]): string[] {
    return report.missing.filter((m) => m.indicators.some((c) => parts.includes(c))).map((m) => `${report.id}:${m.part}`);
  }

  /**
   * Organs whose OWN reports the value adds that report the year before or after but not this year: for
   * ROLLUP those of the whole subtree, for BEST those of the jurisdictions no summary covers.
   */
  organsMissing(measure: 'ROLLUP' | 'BEST', root: string, subtree: readonly string[], year: number): string[] {
    const inSubtree = new Set(subtree);
    const coveredBySummary = (code: string): boolean => {
      for (let c: string | null = code; c !== null; c = c === root ? null : parentOf(c)) {
        if (this.reportsOf(c, year).some((r) => r.scope === 'SUMMARY')) return true;
      }
      return false;
    };
    const ownIn = (organ: string, y: number) =>
      this.current.some((r) => `${r.jurisdiction}|${r.organ}` === organ && r.year === y && r.scope === 'OWN');
    const organs = new Set(
      this.current
        .filter((r) => r.scope === 'OWN' && inSubtree.has(r.jurisdiction) && Math.abs(r.year - year) <= 1)
        .map((r) => `${r.jurisdiction}|${r.organ}`),
    );
    return [...organs].filter((organ) => {
      const code = organ.split('|')[0];
      if (measure === 'BEST' && coveredBySummary(code)) return false;
      return !ownIn(organ, year) && (ownIn(organ, year - 1) || ownIn(organ, year + 1));
    });
  }

  /** Coverage of ROLLUP or BEST over the given subtree (every jurisdiction of it, from the hierarchy). */
  coverage(measure: 'ROLLUP' | 'BEST', root: string, subtree: readonly string[], year: number, includeZones = false) {
    const expected = subtree.filter((c) => c === root || includeZones || !isZone(c));
    const summaryAbove = (code: string): boolean => {
      for (let c: string | null = code; c !== null; c = c === root ? null : parentOf(c)) {
        if (this.reportsOf(c, year).some((r) => r.scope === 'SUMMARY')) return true;
      }
      return false;
    };
    const kind = (code: string): string => {
      const reports = this.reportsOf(code, year);
      const government = reports.some((r) => r.scope === 'OWN' && r.organKind === 'GOVERNMENT');
      const summary = reports.some((r) => r.scope === 'SUMMARY');
      if (measure === 'BEST' && summaryAbove(code)) return 'SUMMARY';
      if (government) return 'GOVERNMENT_OWN';
      if (summary) return 'SUMMARY';
      return reports.some((r) => r.scope === 'OWN') ? 'DEPARTMENTS_ONLY' : 'NONE';
    };
    const covered = (k: string) => k === 'GOVERNMENT_OWN' || (measure === 'BEST' && k === 'SUMMARY');
    const kinds = expected.map((code) => ({ code, kind: kind(code) }));
    return { expected: expected.length, missing: kinds.filter((k) => !covered(k.kind)), kinds };
  }
}
