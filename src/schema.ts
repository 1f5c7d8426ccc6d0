import 'reflect-metadata';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { IndicatorResolver } from './indicators/indicator.resolver';
import { JurisdictionResolver } from './jurisdictions/jurisdiction.resolver';
import { PROJECT_ROOT } from './paths';
import { ObservationResolver, ReportResolver } from './reports/report.resolver';

/** The one list of resolvers. */
export const RESOLVERS = [JurisdictionResolver, IndicatorResolver, ReportResolver, ObservationResolver] as const;

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema.graphql');

/** Builds the executable schema; with `emit`, also writes `schema.graphql` (a test fails when that file drifts). */
export async function buildAppSchema(options: { emit?: boolean } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    validate: false,
    emitSchemaFile: options.emit ? { path: SCHEMA_FILE, sortedSchema: false } : false,
  });
}
