import { In, IsNull, type EntityManager } from 'typeorm';
import { ObservationEntity } from '../observations/observation.entity';
import { resolveWithNeighbours, type NeighbourYear, type Neighbours, type YearValues } from '../reports/cross-year';
import { ReportEntity, type SettledPart } from '../reports/report.entity';
import type { MissingPart, ParsedCell } from './parsers/parsed-report';

/**
 * The report store's side of cross-year evidence (the rules are in src/reports/cross-year.ts): the
 * same organ's stored neighbouring years settle the splits a report leaves open, the report settles
 * theirs, and what a report settled is undone when it is superseded. Every function runs inside the
 * store's transaction (`manager`).
 */

export interface Neighbour {
  report: ReportEntity;
  values: YearValues;
}

/** Cells of `reportId` (year `year`) that the organ's reports of the years `by` settled. */
export interface SettledAcrossYears {
  reportId: number;
  year: number;
  by: number[];
  cells: ParsedCell[];
}

/** The organ's current reports of the year before and after, with their printed values. */
export async function neighbourReports(manager: EntityManager, organId: number, year: number): Promise<{ previous: Neighbour | null; next: Neighbour | null }> {
  const reports = await manager.find(ReportEntity, {
    where: [
      { organId, year: year - 1, supersededById: IsNull() },
      { organId, year: year + 1, supersededById: IsNull() },
    ],
    order: { revision: 'DESC', id: 'DESC' },
  });
  const pick = async (y: number): Promise<Neighbour | null> => {
    const report = reports.find((r) => r.year === y);
    return report ? { report, values: await valuesOfReport(manager, report.id) } : null;
  };
  return { previous: await pick(year - 1), next: await pick(year + 1) };
}

async function valuesOfReport(manager: EntityManager, reportId: number): Promise<YearValues> {
  const observations = await manager.find(ObservationEntity, { where: { reportId }, select: { indicatorCode: true, value: true, status: true } });
  return new Map(observations.map((o) => [o.indicatorCode, o.status === 'VALUE' ? o.value : null]));
}

export function evidenceOf(neighbour: Neighbour): NeighbourYear {
  return { values: neighbour.values, open: neighbour.report.missingParts ?? [] };
}

export function valuesOf(cells: readonly ParsedCell[]): YearValues {
  return new Map(cells.map((c) => [c.indicator, c.status === 'VALUE' ? c.value : null]));
}

/**
 * The cells the neighbouring years settle (see resolveWithNeighbours), as observations that say so in
 * their column label; the parts still open; and the parts settled, as they were open, with the reports
 * that settled them.
 */
export function settleAcrossYears(cells: ParsedCell[], missing: MissingPart[], neighbours: Neighbours, by: { id: number; year: number }[]) {
  const result = resolveWithNeighbours(valuesOf(cells), missing, neighbours);
  const settled: ParsedCell[] = [];
  const years = by.map((b) => b.year);
  const label = years.length === 1 ? `the ${years[0]} report` : `the ${years.join(' and ')} reports`;
  const settledParts: SettledPart[] = [];
  for (const [code, value] of result.settled) {
    const part = missing.find((m) => m.candidates?.indicators.includes(code));
    const i = part?.candidates?.indicators.indexOf(code) ?? -1;
    const [table, row] = (part?.part ?? 'table').split(':');
    const source = part?.candidates?.sources?.[i] ?? { table, row: row ?? code, column: null };
    settled.push({ indicator: code, value, status: value === null ? 'BLANK' : 'VALUE', table: source.table, row: source.row, column: `${source.column ?? ''} (split settled by ${label})`.trim() });
    if (!part) continue;
    const entry = settledParts.find((s) => s.part === part.part);
    if (entry) entry.settledCodes.push(code);
    else settledParts.push({ ...part, settledBy: by.map((b) => b.id), settledCodes: [code] });
  }
  return { observations: [...cells, ...settled], missing: result.missing, settled, settledParts };
}

/**
 * Undoes what `reportId` settled in the organ's neighbouring years, because it is being superseded: the
 * settled observations are removed and their parts are open again (the new revision may settle them
 * anew). Returns the neighbours changed.
 */
export async function undoSettlementsBy(manager: EntityManager, reportId: number, organId: number, year: number): Promise<ReportEntity[]> {
  const neighbours = await manager.find(ReportEntity, { where: { organId, year: In([year - 1, year + 1]), supersededById: IsNull() } });
  const changed: ReportEntity[] = [];
  for (const neighbour of neighbours) {
    const undone = (neighbour.settledParts ?? []).filter((s) => s.settledBy.includes(reportId));
    if (undone.length === 0) continue;
    const codes = undone.flatMap((s) => s.settledCodes);
    await manager.delete(ObservationEntity, { reportId: neighbour.id, indicatorCode: In(codes) });
    const reopened = undone.map(({ settledBy: _by, settledCodes, ...part }) => ({ ...part, indicators: [...new Set([...part.indicators, ...settledCodes])] }));
    // A part settled in two steps is open again as a whole: keep one entry per part.
    const missing = [...(neighbour.missingParts ?? []).filter((m) => !reopened.some((r) => r.part === m.part)), ...reopened];
    const settledParts = (neighbour.settledParts ?? []).filter((s) => !s.settledBy.includes(reportId));
    await manager.update(ReportEntity, { id: neighbour.id }, { missingParts: missing.length > 0 ? missing : null, settledParts: settledParts.length > 0 ? settledParts : null });
    changed.push(neighbour);
  }
  return changed;
}
