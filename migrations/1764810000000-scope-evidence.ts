import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `report.scope_evidence`: the sentence that decided a report's scope (OWN or SUMMARY), or who gave
 * the scope. Reports imported before it have none (null).
 *
 * PostgreSQL takes the Table API (an ALTER TABLE). SQLite is given its own ALTER TABLE ADD/DROP COLUMN:
 * the Table API would recreate `report` there (copy, drop, rename), and dropping it inside the
 * migration's transaction, where `PRAGMA foreign_keys = OFF` has no effect, deletes every observation
 * through their ON DELETE CASCADE.
 */
export class ScopeEvidence1764810000000 implements MigrationInterface {
  name = 'ScopeEvidence1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('ALTER TABLE "report" ADD COLUMN "scope_evidence" varchar(500)');
    else
      await queryRunner.addColumn('report', new TableColumn({ name: 'scope_evidence', type: 'varchar', length: '500', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('ALTER TABLE "report" DROP COLUMN "scope_evidence"');
    else await queryRunner.dropColumn('report', 'scope_evidence');
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'better-sqlite3';
}
