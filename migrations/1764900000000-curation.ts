import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Curation: reports can be withdrawn (`report.withdrawn_at`, `withdrawal_reason`) and keep the missing
 * parts as parsed (`parsed_missing_parts`) so that a correction can settle them again; they are found by
 * their content (an index on `content_hash`: importing a file stored under other metadata corrects it);
 * every change is an entry of the audit log (`audit_entry`, and `audit_report` for the reports it is about).
 *
 * As in the scope_evidence migration, SQLite is given its own ALTER TABLE ADD/DROP COLUMN: the Table API
 * would recreate `report`, and dropping it inside the migration's transaction deletes every observation
 * through their ON DELETE CASCADE.
 */
export class Curation1764900000000 implements MigrationInterface {
  name = 'Curation1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    if (postgres) {
      await queryRunner.addColumns('report', [
        new TableColumn({ name: 'parsed_missing_parts', type: 'text', isNullable: true }),
        new TableColumn({ name: 'withdrawn_at', type: 'timestamp', isNullable: true }),
        new TableColumn({ name: 'withdrawal_reason', type: 'varchar', length: '1000', isNullable: true }),
      ]);
    } else {
      await queryRunner.query('ALTER TABLE "report" ADD COLUMN "parsed_missing_parts" text');
      await queryRunner.query('ALTER TABLE "report" ADD COLUMN "withdrawn_at" datetime');
      await queryRunner.query('ALTER TABLE "report" ADD COLUMN "withdrawal_reason" varchar(1000)');
    }
    await queryRunner.createIndex('report', new TableIndex({ columnNames: ['content_hash'] }));
    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          postgres ? { name: 'at', type: 'timestamp', default: 'now()' } : { name: 'at', type: 'datetime', default: "datetime('now')" },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'reason', type: 'varchar', length: '1000', isNullable: true },
          { name: 'forced', type: 'boolean', default: postgres ? false : 0 },
          { name: 'file', type: 'varchar', length: '500', isNullable: true },
          { name: 'changes', type: 'text', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_report',
        columns: [
          { name: 'audit_entry_id', type: 'integer', isPrimary: true },
          { name: 'report_id', type: 'integer', isPrimary: true },
          { name: 'role', type: 'varchar', length: '8', isPrimary: true },
        ],
        indices: [{ columnNames: ['report_id'] }],
        foreignKeys: [
          { columnNames: ['audit_entry_id'], referencedTableName: 'audit_entry', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_report');
    await queryRunner.dropTable('audit_entry');
    const report = await queryRunner.getTable('report');
    const index = report?.indices.find((i) => i.columnNames.length === 1 && i.columnNames[0] === 'content_hash');
    if (index) await queryRunner.dropIndex('report', index);
    if (queryRunner.connection.driver.options.type === 'postgres') {
      for (const column of ['withdrawal_reason', 'withdrawn_at', 'parsed_missing_parts']) await queryRunner.dropColumn('report', column);
    } else {
      for (const column of ['withdrawal_reason', 'withdrawn_at', 'parsed_missing_parts'])
        await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "${column}"`);
    }
  }
}
