import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Materialised roll-ups of provinces and prefectures (src/rollups/rollup.entity.ts), filled from the
 * reports already stored. Table API, so it runs on SQLite and PostgreSQL; the backfill is plain SQL
 * both accept.
 */
export class RollupTable1764300000000 implements MigrationInterface {
  name = 'RollupTable1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollup',
        columns: [
          { name: 'indicator_code', type: 'varchar', length: '96', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'jurisdiction_code', type: 'varchar', length: '6', isPrimary: true },
          { name: 'observations', type: 'integer' },
          { name: 'value_observations', type: 'integer' },
          { name: 'value', type: 'double precision', isNullable: true },
        ],
      }),
    );
    const table = (name: string) => queryRunner.connection.getMetadata(name).tablePath;
    for (const column of ['province_code', 'prefecture_code']) {
      await queryRunner.query(
        `INSERT INTO ${quote(table('rollup'))} (jurisdiction_code, year, indicator_code, observations, value_observations, value)
         SELECT j.${column}, r.year, o.indicator_code, COUNT(*),
                SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END), SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)
         FROM ${quote(table('observation'))} o
         JOIN ${quote(table('report'))} r ON r.id = o.report_id
         JOIN ${quote(table('jurisdiction'))} j ON j.code = r.jurisdiction_code
         WHERE r.superseded_by_id IS NULL AND r.scope = 'OWN' AND j.${column} IS NOT NULL
         GROUP BY j.${column}, r.year, o.indicator_code`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollup');
  }
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
function quote(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
