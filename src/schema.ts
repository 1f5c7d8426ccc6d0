import 'reflect-metadata';
import path from 'node:path';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditEntryResolver, CurationResolver, ReportCurationResolver } from './curation/curation.resolver';
import { ImportResolver } from './ingestion/import.resolver';
import { IndicatorResolver } from './indicators/indicator.resolver';
import { JurisdictionResolver } from './jurisdictions/jurisdiction.resolver';
import { PROJECT_ROOT } from './paths';
import { JurisdictionOrgansResolver, OrganResolver } from './organs/organ.resolver';
import { ObservationResolver, ReportResolver } from './reports/report.resolver';
import { InventoryResolver, JurisdictionAvailabilityResolver, ProvinceInventoryResolver } from './reports/inventory.resolver';
import {
  CellCheckResolver,
  CellMissingPartResolver,
  CellResolver,
  CompositionResolver,
  CoverageGapResolver,
  CoverageResolver,
  MatrixResolver,
} from './rollups/cell.resolver';
import { JurisdictionSeriesResolver, RankingResolver, RollupResolver } from './rollups/rollup.resolver';

/** The one list of resolvers. */
export const RESOLVERS = [
  JurisdictionResolver,
  JurisdictionSeriesResolver,
  IndicatorResolver,
  ReportResolver,
  ObservationResolver,
  ImportResolver,
  CurationResolver,
  AuditEntryResolver,
  ReportCurationResolver,
  RollupResolver,
  RankingResolver,
  CellResolver,
  CoverageResolver,
  CoverageGapResolver,
  CompositionResolver,
  CellCheckResolver,
  CellMissingPartResolver,
  MatrixResolver,
  JurisdictionOrgansResolver,
  OrganResolver,
  InventoryResolver,
  ProvinceInventoryResolver,
  JurisdictionAvailabilityResolver,
] as const;

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema.graphql');

export async function buildAppSchema(): Promise<GraphQLSchema> {
  // Arguments are checked by the resolvers with messages that say what is valid (validation.ts).
  return buildSchema({ resolvers: RESOLVERS, validate: false });
}

/** The text of `schema.graphql`: generated from the code, never edited by hand (a test fails when it drifts). */
export function schemaText(schema: GraphQLSchema): string {
  return `# Generated from the code by \`npm run schema\`; do not edit.\n\n${printSchema(schema)}\n`;
}
