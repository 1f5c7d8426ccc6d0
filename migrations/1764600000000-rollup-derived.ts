import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `rollup_derived` (src/rollups/rollup-derived.entity.ts): derived indicators of the materialised
 * roll-ups. Only the table: the roll-ups' materialiser fills it from the `rollup` rows already stored
 * at the next start (RollupMaterialiser.fillDerivedIfEmpty, run with the reference data), as the
 * formulas are evaluated in code, not SQL. Table API, so it runs on SQLite (WITHOUT ROWID) and PostgreSQL.
 */
export class RollupDerived1764600000000 implements MigrationInterface {
  name = 'RollupDerived1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollup_derived',
        withoutRowid: true,
        columns: [
          { name: 'indicator_code', type: 'varchar', length: '96', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'level', type: 'varchar', length: '16', isPrimary: true },
          { name: 'jurisdiction_code', type: 'varchar', length: '6', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'value', type: 'double precision', isNullable: true },
          { name: 'reason', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollup_derived');
  }
}
