import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { RollupService } from '../src/rollups/rollup.service';

/**
 * `rollup_derived` (src/rollups/rollup-derived.entity.ts): derived indicators of the materialised
 * roll-ups, filled from the `rollup` rows already stored. Table API, so it runs on SQLite (WITHOUT
 * ROWID) and PostgreSQL.
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
    await new RollupService(queryRunner.connection).refreshDerived(queryRunner.manager, null, null);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollup_derived');
  }
}
