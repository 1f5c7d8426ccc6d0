import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `report.settled_parts`: the ambiguous splits of a report that the same organ's neighbouring years
 * settled, as they were open, with the reports that settled them — so that a settlement is undone when
 * one of those reports is superseded. Null where nothing was settled.
 *
 * As for `scope_evidence`, SQLite gets its own ALTER TABLE ADD/DROP COLUMN: the Table API would rebuild
 * `report`, and dropping it inside the migration's transaction deletes every observation.
 */
export class SettledParts1764830000000 implements MigrationInterface {
  name = 'SettledParts1764830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('ALTER TABLE "report" ADD COLUMN "settled_parts" text');
    else await queryRunner.addColumn('report', new TableColumn({ name: 'settled_parts', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('ALTER TABLE "report" DROP COLUMN "settled_parts"');
    else await queryRunner.dropColumn('report', 'settled_parts');
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'better-sqlite3';
}
