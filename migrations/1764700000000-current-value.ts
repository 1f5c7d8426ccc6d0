import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `current_value` (src/rollups/current-value.entity.ts): the OWN and REPORTED values of the current
 * reports, filled from the reports already stored (the statement of RollupMaterialiser.refreshCurrentValues
 * as it is at this migration, written out so that later changes to the service cannot change it).
 * Table API, so it runs on SQLite (WITHOUT ROWID) and PostgreSQL.
 */
export class CurrentValue1764700000000 implements MigrationInterface {
  name = 'CurrentValue1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'current_value',
        withoutRowid: true,
        columns: [
          { name: 'jurisdiction_code', type: 'varchar', length: '6', isPrimary: true },
          { name: 'measure', type: 'varchar', length: '16', isPrimary: true },
          { name: 'indicator_code', type: 'varchar', length: '96', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'value', type: 'double precision', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'report_id', type: 'integer' },
        ],
      }),
    );
    const table = (name: string) => quote(queryRunner.connection.getMetadata('report').tablePath.replace(/[^.]+$/, name));
    await queryRunner.query(
      `INSERT INTO ${table('current_value')} (jurisdiction_code, measure, indicator_code, year, value, status, report_id)
       SELECT r.jurisdiction_code, CASE WHEN r.scope = 'SUMMARY' THEN 'REPORTED' ELSE 'OWN' END, o.indicator_code, r.year, o.value, o.status, r.id
       FROM ${table('report')} r JOIN ${table('observation')} o ON o.report_id = r.id
       WHERE r.id IN (
         SELECT MAX(id) FROM ${table('report')}
         WHERE superseded_by_id IS NULL AND ((scope = 'OWN' AND organ_kind = 'GOVERNMENT') OR scope = 'SUMMARY')
         GROUP BY jurisdiction_code, year, scope)
       ORDER BY 1, 2, 3, 4`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('current_value');
  }
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
function quote(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
