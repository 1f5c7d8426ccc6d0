import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/**
 * The first schema, written with the Table API so that one migration runs on SQLite and PostgreSQL
 * (generated SQL is dialect-specific). Index and foreign-key names are left to the naming strategy so
 * they match what the entities expect.
 */
export class InitialSchema1764200000000 implements MigrationInterface {
  name = 'InitialSchema1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'jurisdiction',
        columns: [
          { ...varchar('code', 6), isPrimary: true },
          varchar('name', 64),
          varchar('level', 16),
          varchar('parent_code', 6, true),
          varchar('province_code', 6),
          varchar('prefecture_code', 6, true),
        ],
        indices: [{ columnNames: ['parent_code'] }, { columnNames: ['province_code'] }, { columnNames: ['prefecture_code'] }],
        foreignKeys: [
          { columnNames: ['parent_code'], referencedTableName: 'jurisdiction', referencedColumnNames: ['code'], onDelete: 'RESTRICT' },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'indicator',
        columns: [
          { ...varchar('code', 96), isPrimary: true },
          { name: 'position', type: 'integer' },
          varchar('table_name', 48),
          varchar('clause', 48, true),
          varchar('row_label_zh', 200),
          varchar('column_label_zh', 100, true),
          varchar('label_en', 200),
          varchar('unit', 16),
          varchar('kind', 16),
          varchar('space_aggregation', 16),
          varchar('time_aggregation', 16),
          varchar('format_versions', 32),
          { name: 'formula', type: 'text', isNullable: true },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'report',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('jurisdiction_code', 6),
          { name: 'year', type: 'integer' },
          varchar('organ', 200),
          varchar('organ_kind', 16),
          varchar('scope', 16),
          varchar('format_version', 16, true),
          varchar('source_url', 2000, true),
          varchar('content_hash', 64),
          postgres
            ? { name: 'imported_at', type: 'timestamp', default: 'now()' }
            : { name: 'imported_at', type: 'datetime', default: "datetime('now')" },
          { name: 'revision', type: 'integer', default: 1 },
          { name: 'superseded_by_id', type: 'integer', isNullable: true },
          { name: 'synthetic', type: 'boolean', default: postgres ? false : 0 },
          { name: 'missing_parts', type: 'text', isNullable: true },
        ],
        indices: [
          { columnNames: ['jurisdiction_code', 'year'] },
          { columnNames: ['jurisdiction_code', 'organ', 'year', 'revision'], isUnique: true },
          { columnNames: ['superseded_by_id'] },
        ],
        foreignKeys: [
          {
            columnNames: ['jurisdiction_code'],
            referencedTableName: 'jurisdiction',
            referencedColumnNames: ['code'],
            onDelete: 'RESTRICT',
          },
          { columnNames: ['superseded_by_id'], referencedTableName: 'report', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'observation',
        columns: [
          { name: 'report_id', type: 'integer', isPrimary: true },
          { ...varchar('indicator_code', 96), isPrimary: true },
          { name: 'value', type: 'double precision', isNullable: true },
          varchar('status', 16),
          varchar('source_table', 16, true),
          varchar('source_row', 200, true),
          varchar('source_column', 100, true),
        ],
        indices: [{ columnNames: ['indicator_code'] }],
        foreignKeys: [
          { columnNames: ['report_id'], referencedTableName: 'report', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['indicator_code'], referencedTableName: 'indicator', referencedColumnNames: ['code'], onDelete: 'RESTRICT' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('observation');
    await queryRunner.dropTable('report');
    await queryRunner.dropTable('indicator');
    await queryRunner.dropTable('jurisdiction');
  }
}
