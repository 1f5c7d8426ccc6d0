import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../paths';
import { indexNameForms, type JurisdictionAlias, type JurisdictionRow } from './jurisdiction-name.forms';

/**
 * Known variants of jurisdiction names, kept in `jurisdiction-aliases.csv` (columns `alias`, `code`,
 * `note`) so that a new variant needs no code: a name a jurisdiction is known by that GB/T 2260 does not
 * list (平潭综合实验区 → 350128 平潭县). The organ-name matcher treats an alias like an official name.
 */
export const ALIASES_PATH = path.join(PROJECT_ROOT, 'src', 'jurisdictions', 'jurisdiction-aliases.csv');

/** Every problem of the alias table, each naming its line; nothing of a bad table is used. */
export class AliasTableError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid jurisdiction alias table:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadJurisdictionAliases(rows: readonly JurisdictionRow[], file = ALIASES_PATH): JurisdictionAlias[] {
  return parseJurisdictionAliases(fs.readFileSync(file, 'utf8'), rows, path.basename(file));
}

interface AliasRecord {
  alias?: string;
  code?: string;
  note?: string;
}

/**
 * Reads and checks the table against the hierarchy: each alias is Chinese text of two characters or more,
 * given once, for a code of the hierarchy, and is no name (nor name without suffix) of another
 * jurisdiction, which it would silently take over.
 */
export function parseJurisdictionAliases(
  text: string,
  rows: readonly JurisdictionRow[],
  source = 'jurisdiction-aliases.csv',
): JurisdictionAlias[] {
  let records: { record: AliasRecord; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    throw new AliasTableError([`${source}: not a readable CSV table (${(error as Error).message})`]);
  }
  const problems: string[] = [];
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .split(',')
    .map((c) => c.trim());
  if (header[0] !== 'alias' || header[1] !== 'code')
    problems.push(`${source} line 1: the header must start with the columns alias,code (then note), got "${header.join(',')}"`);

  const byCode = new Map(rows.map((r) => [r.code, r]));
  const forms = indexNameForms(rows);
  const seen = new Map<string, number>();
  const aliases: JurisdictionAlias[] = [];
  for (const { record, info } of records) {
    const at = `${source} line ${info.lines}`;
    const alias = (record.alias ?? '').normalize('NFKC').replace(/\s+/g, '');
    const code = record.code ?? '';
    const before = problems.length;
    if (!/^[\u3400-\u9fff]{2,}$/.test(alias))
      problems.push(`${at}: alias "${record.alias ?? ''}" must be Chinese text of at least two characters`);
    if (!/^\d{6}$/.test(code)) problems.push(`${at}: code "${code}" must be six digits`);
    else if (!byCode.has(code)) problems.push(`${at}: code ${code} is not a jurisdiction of the hierarchy`);
    const first = seen.get(alias);
    if (first !== undefined) problems.push(`${at}: alias ${alias} is already given on line ${first}`);
    const taken = (forms.get(alias) ?? []).filter((f) => f.code !== code);
    if (taken.length > 0) {
      const names = taken.map((f) => `${f.code} ${byCode.get(f.code)?.name}`).join(', ');
      problems.push(`${at}: alias ${alias} is already a name of ${names}; an alias may only add a name`);
    }
    if (alias) seen.set(alias, first ?? info.lines);
    if (problems.length === before) aliases.push({ alias, code });
  }
  if (problems.length > 0) throw new AliasTableError(problems);
  return aliases;
}
