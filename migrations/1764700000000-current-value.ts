import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { RollupService } from '../src/rollups/rollup.service';

/**
 * `current_value` (src/rollups/current-value.entity.ts): the OWN and REPORTED values of the current
 * reports, filled from the reports already stored. Table API, so it runs on SQLite (WITHOUT ROWID) and
 * PostgreSQL.
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
    await new RollupService(queryRunner.connection).refreshCurrentValues(queryRunner.manager, null);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('current_value');
  }
}
