import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `rollup_best` (src/rollups/rollup-best.entity.ts): best-available totals of provinces and prefectures,
 * filled from the reports already stored — the BEST statement of the roll-ups' materialiser as it is at this
 * migration, written out so that later changes to the service cannot change what this migration does.
 * Table API, so it runs on SQLite (WITHOUT ROWID) and PostgreSQL.
 */
export class RollupBest1765000000000 implements MigrationInterface {
  name = 'RollupBest1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollup_best',
        withoutRowid: true,
        columns: [
          { name: 'indicator_code', type: 'varchar', length: '96', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'level', type: 'varchar', length: '16', isPrimary: true },
          { name: 'jurisdiction_code', type: 'varchar', length: '6', isPrimary: true },
          { name: 'observations', type: 'integer' },
          { name: 'value_observations', type: 'integer' },
          { name: 'value', type: 'double precision', isNullable: true },
        ],
      }),
    );
    const table = (name: string) => quote(queryRunner.connection.getMetadata('report').tablePath.replace(/[^.]+$/, name));
    const summary = (where: string) =>
      `EXISTS (SELECT 1 FROM ${table('report')} s WHERE s.superseded_by_id IS NULL AND s.withdrawn_at IS NULL AND s.scope = 'SUMMARY' AND s.year = r.year AND ${where})`;
    for (const [column, level, ancestors] of [
      ['province_code', 'PROVINCE', 'j.prefecture_code, j.province_code'],
      ['prefecture_code', 'PREFECTURE', 'j.prefecture_code'],
    ]) {
      await queryRunner.query(
        `INSERT INTO ${table('rollup_best')} (jurisdiction_code, level, year, indicator_code, observations, value_observations, value)
         SELECT j.${column}, '${level}', r.year, o.indicator_code, COUNT(*),
                SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END), SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)
         FROM ${table('report')} r
         JOIN ${table('jurisdiction')} j ON j.code = r.jurisdiction_code
         JOIN ${table('observation')} o ON o.report_id = r.id
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND j.${column} IS NOT NULL
           AND NOT ${summary(`s.jurisdiction_code IN (${ancestors}) AND s.jurisdiction_code <> r.jurisdiction_code`)}
           AND ((r.scope = 'OWN' AND NOT ${summary('s.jurisdiction_code = r.jurisdiction_code')})
             OR (r.scope = 'SUMMARY' AND r.id = (SELECT MAX(x.id) FROM ${table('report')} x WHERE x.superseded_by_id IS NULL AND x.withdrawn_at IS NULL AND x.scope = 'SUMMARY' AND x.year = r.year AND x.jurisdiction_code = r.jurisdiction_code)))
         GROUP BY j.${column}, r.year, o.indicator_code
         ORDER BY o.indicator_code, r.year, j.${column}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollup_best');
  }
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
function quote(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
