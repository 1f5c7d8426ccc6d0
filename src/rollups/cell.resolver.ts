import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { rollupCosts } from './rollup.costs';
import type { Context } from '../context';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { OrganCoverageType } from '../organs/organ.type';
import { ReportType } from '../reports/report.type';
import type { Cell } from './cells.computation';
import {
  CellCheckType,
  CellMissingPartType,
  CompositionType,
  CoverageGapType,
  CoverageType,
  MatrixCoverageType,
  MatrixQualityType,
  QualityType,
} from './cell.type';
import { CellType, MatrixType, ReconciliationType } from './rollup.type';

/** Reports by id through the request's loader, in the order given, those that exist. */
async function reportsOf(ctx: Context, ids: readonly number[]) {
  return (await ctx.loaders.report.loadMany(ids)).filter((r) => r && !(r instanceof Error));
}

@Resolver(() => CellType)
export class CellResolver {
  // Declared on CellType (description and type there); resolved here, so the year before the range is read only when asked for.
  @FieldResolver()
  async yoy(@Root() cell: Cell) {
    return cell.computation.yoy(cell);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why there is no number (every non-VALUE cell says: no report that year, none behind the cell, a format without the cell, the reports declaring it missing, a zero denominator …), or why a number is partial (years missing from a sum); null for a plain value.',
  })
  async reason(@Root() cell: Cell) {
    return cell.computation.reason(cell);
  }

  @FieldResolver(() => CoverageType, {
    nullable: true,
    description:
      'ROLLUP and BEST of jurisdictions: which jurisdictions of the subtree are covered, by what kind of report, and what is missing (null for OWN, REPORTED and organs).',
  })
  async coverage(
    @Root() cell: Cell,
    @Arg('includeFunctionalZones', {
      defaultValue: false,
      description: 'Expect functional zones (开发区, 高新区 …) too; by default they are left out of `expected`.',
    })
    includeFunctionalZones: boolean,
  ) {
    return cell.computation.coverage(cell, includeFunctionalZones);
  }

  @FieldResolver(() => CompositionType, {
    nullable: true,
    description:
      'ROLLUP and BEST of jurisdictions: which parts of the value come from SUMMARY reports and which from OWN reports (null for OWN, REPORTED and organs).',
  })
  async composition(@Root() cell: Cell) {
    const composition = await cell.computation.composition(cell);
    if (!composition) return null;
    return {
      summaryReports: composition.summaries.length,
      ownReports: composition.ownReports.length,
      description: composition.description,
      summaryIds: composition.summaries.map((s) => s.id),
      summaryCodes: [...new Set(composition.summaries.map((s) => s.jurisdictionCode))],
      ownCodes: composition.ownJurisdictions,
    };
  }

  @FieldResolver(() => QualityType, {
    description: 'Whether the reports behind the value pass the identities on its parts, and which parts they declare missing.',
  })
  async quality(@Root() cell: Cell) {
    const quality = await cell.computation.quality(cell);
    return {
      reports: quality.reports,
      reportsWithFailures: quality.reportsWithFailures,
      reportsLeftOut: quality.reportsLeftOut,
      sound: quality.failedChecks.length === 0 && quality.missingParts.length === 0,
      failedChecks: quality.failedChecks.map((c) => ({
        identity: c.identity,
        scope: c.scope,
        description: c.description,
        lhs: c.lhs,
        rhs: c.rhs,
        reportId: c.reportId,
        otherReportId: c.otherReportId,
      })),
      missingParts: quality.missingParts.map((m) => ({
        part: m.part.part,
        reason: m.part.reason,
        indicators: m.part.indicators,
        reportId: m.reportId,
      })),
    };
  }

  @FieldResolver(() => ReconciliationType, {
    nullable: true,
    description: "The jurisdiction's SUMMARY value against the roll-up, where both exist.",
  })
  async reconciliation(@Root() cell: Cell) {
    return cell.computation.reconciliation(cell);
  }

  @FieldResolver(() => [ReportType], {
    complexity: rollupCosts.sources,
    description:
      'The reports the value came from (for a roll-up, every contributing report; for BEST, the summaries used and the OWN reports added).',
  })
  async sources(@Root() cell: Cell, @Ctx() ctx: Context) {
    return reportsOf(ctx, await cell.computation.sourceReportIds(cell));
  }
}

@Resolver(() => CoverageType)
export class CoverageResolver {
  @FieldResolver(() => [JurisdictionType], {
    complexity: rollupCosts.coverageMissing,
    description: 'The expected jurisdictions not covered: the value is partial without them (`gaps` says what each has).',
  })
  async missing(@Root() coverage: CoverageType, @Ctx() ctx: Context) {
    const hierarchy = await ctx.services.jurisdictions.hierarchy();
    return coverage.missing.map(({ code }) => hierarchy.get(code));
  }

  @FieldResolver(() => [CoverageGapType], {
    complexity: rollupCosts.coverageMissing,
    description: 'The expected jurisdictions not covered, each with the kind of report it has.',
  })
  gaps(@Root() coverage: CoverageType) {
    return coverage.missing;
  }

  @FieldResolver(() => OrganCoverageType, {
    description:
      'Which organs of the subtree the roll-up expects for the year (those with an OWN report in the year before, the year or the year after) and which of them did not report: computed only when asked for, once for all cells. For BEST it lists the organs under a summary used too, which the value does not add (`organsMissing` counts only those whose reports it adds).',
  })
  async organs(@Root() coverage: CoverageType) {
    return coverage.cell.computation.organCoverage(coverage.cell);
  }
}

@Resolver(() => CoverageGapType)
export class CoverageGapResolver {
  @FieldResolver(() => JurisdictionType, { description: 'The jurisdiction.' })
  async jurisdiction(@Root() gap: CoverageGapType, @Ctx() ctx: Context) {
    return ctx.loaders.jurisdiction.load(gap.code);
  }
}

@Resolver(() => CompositionType)
export class CompositionResolver {
  @FieldResolver(() => [ReportType], {
    complexity: rollupCosts.coverageMissing,
    description: "The SUMMARY reports used, each answering for its jurisdiction's whole subtree.",
  })
  async summaries(@Root() composition: CompositionType, @Ctx() ctx: Context) {
    return reportsOf(ctx, composition.summaryIds);
  }

  @FieldResolver(() => [JurisdictionType], {
    complexity: rollupCosts.coverageMissing,
    description: 'The jurisdictions whose SUMMARY report is used (the topmost of the subtree that have one).',
  })
  async fromSummaries(@Root() composition: CompositionType, @Ctx() ctx: Context) {
    return (await ctx.loaders.jurisdiction.loadMany(composition.summaryCodes)).filter((j) => j && !(j instanceof Error));
  }

  @FieldResolver(() => [JurisdictionType], {
    complexity: rollupCosts.coverageMissing,
    description:
      "The jurisdictions whose organs' OWN reports are added (none of them, nor anything above them within the subtree, has a SUMMARY report used).",
  })
  async fromOwnReports(@Root() composition: CompositionType, @Ctx() ctx: Context) {
    return (await ctx.loaders.jurisdiction.loadMany(composition.ownCodes)).filter((j) => j && !(j instanceof Error));
  }
}

@Resolver(() => CellCheckType)
export class CellCheckResolver {
  @FieldResolver(() => ReportType, { nullable: true, description: 'The report that fails the check.' })
  async report(@Root() check: CellCheckType, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(check.reportId);
  }

  @FieldResolver(() => ReportType, {
    nullable: true,
    description: "For I5: the same organ's report of the year before it was compared with.",
  })
  async otherReport(@Root() check: CellCheckType, @Ctx() ctx: Context) {
    return check.otherReportId === null ? null : ctx.loaders.report.load(check.otherReportId);
  }
}

@Resolver(() => CellMissingPartType)
export class CellMissingPartResolver {
  @FieldResolver(() => ReportType, { nullable: true, description: 'The report that declares the part missing.' })
  async report(@Root() part: CellMissingPartType, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(part.reportId);
  }
}

@Resolver(() => MatrixType)
export class MatrixResolver {
  @FieldResolver(() => [String], {
    complexity: rollupCosts.matrixValues,
    nullable: 'items',
    description: 'Reasons, same order as values (see Cell.reason); null for a plain value.',
  })
  async reasons(@Root() matrix: MatrixType) {
    return Promise.all(matrix.cells.map((cell) => cell.computation.reason(cell)));
  }

  @FieldResolver(() => MatrixCoverageType, { description: 'Coverage of each cell (see Cell.coverage), functional zones left out.' })
  async coverage(@Root() matrix: MatrixType) {
    const coverage = await Promise.all(matrix.cells.map((cell) => cell.computation.coverage(cell)));
    return {
      expected: coverage.map((c) => c?.expected ?? null),
      reported: coverage.map((c) => c?.reported ?? null),
      complete: coverage.map((c) => c?.complete ?? null),
    };
  }

  @FieldResolver(() => MatrixQualityType, { description: 'Quality of each cell (see Cell.quality).' })
  async quality(@Root() matrix: MatrixType) {
    const quality = await Promise.all(matrix.cells.map((cell) => cell.computation.quality(cell)));
    return {
      reports: quality.map((q) => q.reports),
      reportsWithFailures: quality.map((q) => q.reportsWithFailures),
      failedChecks: quality.map((q) => q.failedChecks.length),
      missingParts: quality.map((q) => q.missingParts.length),
    };
  }
}
