import express, { type Express, type Request, type Response } from 'express';
import {
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CELLS_CSV_PATH } from '../rollups/cells.export';

/**
 * `POST /ide/cells-csv` with the IDE's `{ query, variables, operationName }`: the URL of the CSV
 * export (`/export/cells.csv`) that answers the operation's first top-level `cells` or `matrix`
 * field, its arguments coerced exactly as GraphQL would coerce them. The IDE then downloads that URL:
 * the export itself runs under its own limits. Anything else is answered 400 with a message.
 */
export const IDE_CSV_PATH = '/ide/cells-csv';

const MAX_QUERY_LENGTH = 100_000;

class ExportRefused extends Error {}

interface Selector {
  codes?: string[];
  childrenOf?: string;
  descendantsOf?: string;
  level?: string;
  organsOf?: string;
}

/** The export's query string for a `cells`/`matrix` field of `query` (throws ExportRefused with the reason). */
export function cellsExportUrl(schema: GraphQLSchema, body: { query?: unknown; variables?: unknown; operationName?: unknown }): string {
  if (typeof body.query !== 'string' || body.query.trim() === '')
    throw new ExportRefused('No query: write a query with a `cells` or `matrix` field.');
  if (body.query.length > MAX_QUERY_LENGTH)
    throw new ExportRefused(`The query is longer than ${MAX_QUERY_LENGTH.toLocaleString('en')} characters.`);
  let variables: Record<string, unknown> = {};
  if (typeof body.variables === 'string' && body.variables.trim() !== '') {
    try {
      variables = JSON.parse(body.variables) as Record<string, unknown>;
    } catch {
      throw new ExportRefused('The variables are not valid JSON.');
    }
  } else if (body.variables && typeof body.variables === 'object') {
    variables = body.variables as Record<string, unknown>;
  }
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables))
    throw new ExportRefused('The variables must be a JSON object.');
  let document;
  try {
    document = parse(body.query, { maxTokens: 20_000 });
  } catch (error) {
    throw new ExportRefused(`The query does not parse: ${(error as Error).message}`);
  }
  const errors = validate(schema, document);
  if (errors.length > 0) throw new ExportRefused(`The query is not valid: ${errors[0].message}`);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const name = typeof body.operationName === 'string' && body.operationName !== '' ? body.operationName : null;
  const operation = name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  if (!operation)
    throw new ExportRefused(
      name ? `No operation named ${name}.` : 'The document has several operations: run (or place the cursor in) the one to export.',
    );
  if (operation.operation !== 'query') throw new ExportRefused('Only queries can be exported as CSV.');
  const field = operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && (s.name.value === 'cells' || s.name.value === 'matrix'),
  );
  if (!field) throw new ExportRefused('The CSV export answers a `cells` or `matrix` query: this operation has neither at its top level.');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw new ExportRefused(`The variables are not valid: ${coerced.errors[0].message}`);
  const fieldDef = schema.getQueryType()!.getFields()[field.name.value];
  const args = getArgumentValues(fieldDef, field, coerced.coerced);

  const selector = args.jurisdictions as Selector;
  if (selector.organsOf !== undefined)
    throw new ExportRefused('The CSV export takes jurisdictions (codes, childrenOf, descendantsOf, level), not `organsOf`.');
  const params = new URLSearchParams();
  if (selector.codes) params.set('jurisdictions', selector.codes.join(','));
  if (selector.childrenOf) params.set('childrenOf', selector.childrenOf);
  if (selector.descendantsOf) params.set('descendantsOf', selector.descendantsOf);
  if (selector.level) params.set('level', selector.level);
  params.set('indicators', (args.indicators as string[]).join(','));
  const years = args.years as { from: number; to: number };
  params.set('from', String(years.from));
  params.set('to', String(years.to));
  params.set('measure', String(args.measure));
  if (args.aggregateYears === true) params.set('aggregateYears', 'true');
  const exclude = args.exclude as string[] | null | undefined;
  if (exclude && exclude.length > 0) params.set('exclude', exclude.join(','));
  if (typeof args.decimals === 'number') params.set('decimals', String(args.decimals));
  return `${CELLS_CSV_PATH}?${params}`;
}

export function mountIdeExport(app: Express, schema: GraphQLSchema): void {
  app.post(IDE_CSV_PATH, express.json({ limit: '256kb' }), (req: Request, res: Response) => {
    try {
      res.set('cache-control', 'no-store').json({ url: cellsExportUrl(schema, (req.body ?? {}) as Record<string, unknown>) });
    } catch (error) {
      if (!(error instanceof ExportRefused || error instanceof GraphQLError)) throw error;
      res
        .status(400)
        .set('cache-control', 'no-store')
        .json({ errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });
}
