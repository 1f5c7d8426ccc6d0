import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The `rollup` table gets its roots' level in its key: (indicator, year, level, jurisdiction). Every
 * province or every prefecture of one indicator and year is then one contiguous key range, which a
 * ranking or a level-wide roll-up reads without naming hundreds of codes. On SQLite the table becomes
 * WITHOUT ROWID, i.e. stored in key order: such a range is a few contiguous pages instead of one table
 * page per row found through the key's index. Rebuilt and copied on both databases (Table API).
 */
export class RollupByLevel1764500000000 implements MigrationInterface {
  name = 'RollupByLevel1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(rollupTable('rollup_rebuilt', true));
    const jurisdiction = quote(queryRunner.connection.getMetadata('jurisdiction').tablePath);
    const schemaOf = (name: string) => quote(queryRunner.connection.getMetadata('rollup').tablePath.replace(/[^.]+$/, name));
    // In key order: the new table's pages are then written in order, densely.
    await queryRunner.query(
      `INSERT INTO ${schemaOf('rollup_rebuilt')} (indicator_code, year, level, jurisdiction_code, observations, value_observations, value)
       SELECT u.indicator_code, u.year, j.level, u.jurisdiction_code, u.observations, u.value_observations, u.value
       FROM ${schemaOf('rollup')} u JOIN ${jurisdiction} j ON j.code = u.jurisdiction_code
       ORDER BY u.indicator_code, u.year, j.level, u.jurisdiction_code`,
    );
    await queryRunner.dropTable('rollup');
    await queryRunner.renameTable('rollup_rebuilt', 'rollup');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(rollupTable('rollup_rebuilt', false));
    const schemaOf = (name: string) => quote(queryRunner.connection.getMetadata('rollup').tablePath.replace(/[^.]+$/, name));
    await queryRunner.query(
      `INSERT INTO ${schemaOf('rollup_rebuilt')} (indicator_code, year, jurisdiction_code, observations, value_observations, value)
       SELECT indicator_code, year, jurisdiction_code, observations, value_observations, value FROM ${schemaOf('rollup')}`,
    );
    await queryRunner.dropTable('rollup');
    await queryRunner.renameTable('rollup_rebuilt', 'rollup');
  }
}

function rollupTable(name: string, byLevel: boolean): Table {
  return new Table({
    name,
    withoutRowid: byLevel,
    columns: [
      { name: 'indicator_code', type: 'varchar', length: '96', isPrimary: true },
      { name: 'year', type: 'integer', isPrimary: true },
      ...(byLevel ? [{ name: 'level', type: 'varchar', length: '16', isPrimary: true }] : []),
      { name: 'jurisdiction_code', type: 'varchar', length: '6', isPrimary: true },
      { name: 'observations', type: 'integer' },
      { name: 'value_observations', type: 'integer' },
      { name: 'value', type: 'double precision', isNullable: true },
    ],
  });
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
function quote(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
