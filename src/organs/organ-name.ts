import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../paths';

/**
 * Which organ a printed name stands for. Reports print their organ's name in many small variants
 * (full-width characters, spaces, 管理委员会 for 管委会, the province or prefecture in front), and an
 * organ renamed in a reform prints a different name from one year on while it stays the same reporting
 * body. The name is first normalised, then looked up in the alias table (organ-aliases.csv), which
 * settles renames and other known variants without code. Pure: no I/O apart from reading the table.
 */
export interface OrganAlias {
  /** Six-digit code of the jurisdiction the organ belongs to. */
  jurisdiction: string;
  printed: string;
  /** The organ's name in the registry (normalised like any printed name). */
  canonical: string;
  /** The years in which the printed name stands for the canonical organ (inclusive; null: open). */
  from: number | null;
  to: number | null;
  note: string;
}

export const ORGAN_ALIASES_PATH = path.join(PROJECT_ROOT, 'src', 'organs', 'organ-aliases.csv');

/**
 * The name with layout variants removed: NFKC (full-width letters and digits, the ideographic space),
 * no white space, 管理委员会 written 管委会, and without the names of the jurisdiction's province and
 * prefecture in front ("广东省深圳市南山区人民政府" is "南山区人民政府" of 440305). `ancestors` are the
 * full official names above the organ's jurisdiction; short forms are not stripped ("吉林" would eat the
 * front of "吉林市人民政府").
 */
export function normaliseOrganName(printed: string, ancestors: readonly string[] = []): string {
  let name = printed
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/管理委员会/g, '管委会');
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const ancestor of ancestors) {
      if (ancestor && name.startsWith(ancestor) && name.length > ancestor.length) {
        name = name.slice(ancestor.length);
        stripped = true;
      }
    }
  }
  return name;
}

/** Aliases indexed by jurisdiction and normalised printed name. */
export class OrganAliases {
  private readonly byName = new Map<string, OrganAlias[]>();

  constructor(readonly aliases: readonly OrganAlias[]) {
    for (const alias of aliases) {
      const key = `${alias.jurisdiction}|${normaliseOrganName(alias.printed)}`;
      this.byName.set(key, [...(this.byName.get(key) ?? []), alias]);
    }
  }

  /** The alias of a normalised name in a year, if any. */
  find(jurisdiction: string, name: string, year: number): OrganAlias | undefined {
    return this.byName.get(`${jurisdiction}|${name}`)?.find((a) => (a.from === null || year >= a.from) && (a.to === null || year <= a.to));
  }
}

/**
 * The registry name of the organ a report of `jurisdiction` for `year` printed as `printed`: normalised,
 * then through the aliases (followed in a chain, so a second rename adds one row naming the first).
 */
export function canonicalOrganName(
  jurisdiction: string,
  printed: string,
  year: number,
  aliases: OrganAliases,
  ancestors: readonly string[] = [],
): string {
  let name = normaliseOrganName(printed, ancestors);
  const seen = new Set([name]);
  for (;;) {
    const alias = aliases.find(jurisdiction, name, year);
    if (!alias) return name;
    const next = normaliseOrganName(alias.canonical, ancestors);
    if (seen.has(next)) return next;
    seen.add(next);
    name = next;
  }
}

/** Reads an alias table; a malformed row is a bug of the repository's data, so it throws, naming the line. */
export function readOrganAliases(text: string, source = 'organ-aliases.csv'): OrganAliases {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const year = (value: string | undefined, line: number, column: string) => {
    if (!value) return null;
    if (!/^\d{4}$/.test(value)) throw new Error(`${source} line ${line}: ${column} must be a year or empty, got "${value}"`);
    return Number(value);
  };
  return new OrganAliases(
    records.map((r, i) => {
      const line = i + 2;
      if (!/^\d{6}$/.test(r.jurisdiction ?? ''))
        throw new Error(`${source} line ${line}: jurisdiction must be a six-digit code, got "${r.jurisdiction}"`);
      if (!r.printed_name || !r.canonical_name) throw new Error(`${source} line ${line}: printed_name and canonical_name are required`);
      return {
        jurisdiction: r.jurisdiction,
        printed: r.printed_name,
        canonical: r.canonical_name,
        from: year(r.from_year, line, 'from_year'),
        to: year(r.to_year, line, 'to_year'),
        note: r.note ?? '',
      };
    }),
  );
}

let shipped: OrganAliases | null = null;

/** The repository's alias table, read once per process. */
export function organAliases(): OrganAliases {
  shipped ??= readOrganAliases(fs.readFileSync(ORGAN_ALIASES_PATH, 'utf8'));
  return shipped;
}
