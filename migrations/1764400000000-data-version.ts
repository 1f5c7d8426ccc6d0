import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `data_version`: one row whose version the report store bumps with every stored report; the HTTP
 * cache's ETags derive from it (src/http/http-cache.plugin.ts). Table API, so it runs on SQLite and
 * PostgreSQL.
 */
export class DataVersion1764400000000 implements MigrationInterface {
  name = 'DataVersion1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'data_version',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    const tablePath = queryRunner.connection.getMetadata('data_version').tablePath;
    const quoted = tablePath
      .split('.')
      .map((part) => `"${part}"`)
      .join('.');
    await queryRunner.query(`INSERT INTO ${quoted} (id, version) VALUES (1, 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('data_version');
  }
}
