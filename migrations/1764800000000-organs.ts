import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { canonicalOrganName, organAliases } from '../src/organs/organ-name';

const OLD_UNIQUE = ['jurisdiction_code', 'organ', 'year', 'revision'];
const NEW_UNIQUE = ['organ_id', 'year', 'revision'];

/**
 * Organs (src/organs/organ.entity.ts): the `organ` table, and `report.organ_id` filled from the reports
 * already stored — each report's printed name taken to its organ by the organ registry's rules
 * (organ-name.ts and the alias table) as they are when the migration runs, as an import then would.
 * A report's revisions are now counted per organ and year, so the unique key moves from (jurisdiction,
 * printed name, year, revision) to (organ, year, revision). Table API, so it runs on SQLite and
 * PostgreSQL; on SQLite each change of `report` rebuilds the table (TypeORM turns foreign keys off
 * around migrations, so its observations stay).
 */
export class Organs1764800000000 implements MigrationInterface {
  name = 'Organs1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organ',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'jurisdiction_code', type: 'varchar', length: '6' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '16' },
        ],
        indices: [{ columnNames: ['jurisdiction_code', 'name'], isUnique: true }],
        foreignKeys: [
          {
            columnNames: ['jurisdiction_code'],
            referencedTableName: 'jurisdiction',
            referencedColumnNames: ['code'],
            onDelete: 'RESTRICT',
          },
        ],
      }),
    );
    await queryRunner.addColumn('report', new TableColumn({ name: 'organ_id', type: 'integer', isNullable: true }));
    await backfill(queryRunner);
    await queryRunner.changeColumn('report', 'organ_id', new TableColumn({ name: 'organ_id', type: 'integer', isNullable: false }));
    await queryRunner.createForeignKey(
      'report',
      new TableForeignKey({ columnNames: ['organ_id'], referencedTableName: 'organ', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
    );
    await dropIndexOn(queryRunner, OLD_UNIQUE);
    await queryRunner.createIndex('report', new TableIndex({ columnNames: NEW_UNIQUE, isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await keepingReportChildren(queryRunner, async () => {
      await dropIndexOn(queryRunner, NEW_UNIQUE);
      const report = await queryRunner.getTable('report');
      const foreignKey = report?.foreignKeys.find((fk) => fk.columnNames.join() === 'organ_id');
      if (foreignKey) await queryRunner.dropForeignKey('report', foreignKey);
      await queryRunner.dropColumn('report', 'organ_id');
      await queryRunner.createIndex('report', new TableIndex({ columnNames: OLD_UNIQUE, isUnique: true }));
    });
    await queryRunner.dropTable('organ');
  }
}

/**
 * On SQLite, TypeORM rebuilds `report` for each change (new table, copy, DROP TABLE, rename) and means
 * to turn foreign keys off around it; but when a migration is reverted it does so inside the open
 * transaction, where SQLite ignores the pragma. DROP TABLE then deletes the old rows as a DELETE
 * would: the observations cascade away and `superseded_by_id` is set to null. Both are kept aside and
 * put back when foreign keys are found on. Any later migration that changes `report` needs the same.
 */
export async function keepingReportChildren(queryRunner: QueryRunner, change: () => Promise<void>): Promise<void> {
  const sqlite = queryRunner.connection.driver.options.type !== 'postgres';
  const [pragma] = sqlite ? ((await queryRunner.query('PRAGMA foreign_keys')) as { foreign_keys: number }[]) : [];
  if (!pragma || Number(pragma.foreign_keys) !== 1) return change();
  await queryRunner.query('CREATE TEMP TABLE organs_kept_observation AS SELECT * FROM "observation"');
  await queryRunner.query(
    'CREATE TEMP TABLE organs_kept_supersession AS SELECT id, superseded_by_id FROM "report" WHERE superseded_by_id IS NOT NULL',
  );
  await change();
  await queryRunner.query('DELETE FROM "observation"');
  await queryRunner.query('INSERT INTO "observation" SELECT * FROM organs_kept_observation');
  await queryRunner.query(
    'UPDATE "report" SET superseded_by_id = (SELECT k.superseded_by_id FROM organs_kept_supersession k WHERE k.id = "report".id) WHERE id IN (SELECT id FROM organs_kept_supersession)',
  );
  await queryRunner.query('DROP TABLE organs_kept_observation');
  await queryRunner.query('DROP TABLE organs_kept_supersession');
}

async function dropIndexOn(queryRunner: QueryRunner, columns: string[]): Promise<void> {
  const report = await queryRunner.getTable('report');
  // Column order as the database lists it (PostgreSQL's may differ from the index's).
  const index = report?.indices.find((i) => i.isUnique && [...i.columnNames].sort().join() === [...columns].sort().join());
  if (index) await queryRunner.dropIndex('report', index);
}

/** One organ per jurisdiction and registry name; each report points at its own. Ids are assigned here (the table is new). */
async function backfill(queryRunner: QueryRunner): Promise<void> {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const table = (name: string) => quote(queryRunner.connection.getMetadata('report').tablePath.replace(/[^.]+$/, name));
  const reports: { id: number; j: string; organ: string; year: number; kind: string; revision: number }[] = await queryRunner.query(
    `SELECT id, jurisdiction_code AS j, organ, year, organ_kind AS kind, revision FROM ${table('report')} ORDER BY year, id`,
  );
  if (reports.length === 0) return;
  const divisions: { code: string; name: string; province: string; prefecture: string | null }[] = await queryRunner.query(
    `SELECT code, name, province_code AS province, prefecture_code AS prefecture FROM ${table('jurisdiction')}`,
  );
  const names = new Map(divisions.map((d) => [d.code, d.name]));
  const ancestors = new Map(
    divisions.map((d) => [
      d.code,
      [d.province, d.prefecture].filter((c): c is string => !!c && c !== d.code).map((c) => names.get(c) ?? ''),
    ]),
  );
  const aliases = organAliases();
  // In year order: an organ's kind is the one of its latest report.
  const organs = new Map<string, { id: number; j: string; name: string; kind: string; reports: number[] }>();
  const revisions = new Map<string, { id: number; revision: number }[]>();
  for (const r of reports) {
    const name = canonicalOrganName(r.j, r.organ, Number(r.year), aliases, ancestors.get(r.j) ?? []);
    const key = `${r.j}|${name}`;
    let organ = organs.get(key);
    if (!organ) organs.set(key, (organ = { id: organs.size + 1, j: r.j, name, kind: r.kind, reports: [] }));
    organ.kind = r.kind;
    organ.reports.push(Number(r.id));
    const group = `${organ.id}|${r.year}`;
    revisions.set(group, [...(revisions.get(group) ?? []), { id: Number(r.id), revision: Number(r.revision) }]);
  }
  const placeholder = (i: number) => (postgres ? `$${i}` : '?');
  const list = [...organs.values()];
  for (let i = 0; i < list.length; i += 200) {
    const part = list.slice(i, i + 200);
    await queryRunner.query(
      `INSERT INTO ${table('organ')} (id, jurisdiction_code, name, kind) VALUES ${part.map((_, k) => `(${[1, 2, 3, 4].map((n) => placeholder(k * 4 + n)).join(', ')})`).join(', ')}`,
      part.flatMap((o) => [o.id, o.j, o.name, o.kind]),
    );
  }
  if (postgres) await queryRunner.query(`SELECT setval(pg_get_serial_sequence('${table('organ')}', 'id'), ${list.length})`);
  // Printed variants that were counted apart (each its own revision 1 …) now share an organ and year:
  // their revisions are renumbered in import order. Which reports are current is left as it was (a
  // later revision of the organ and year supersedes every current one), so no value changes here.
  for (const group of revisions.values()) {
    if (new Set(group.map((g) => g.revision)).size === group.length) continue;
    for (const [i, { id }] of group.entries()) {
      await queryRunner.query(`UPDATE ${table('report')} SET revision = ${placeholder(1)} WHERE id = ${placeholder(2)}`, [i + 1, id]);
    }
  }
  for (const organ of list) {
    for (let i = 0; i < organ.reports.length; i += 1000) {
      const ids = organ.reports.slice(i, i + 1000);
      await queryRunner.query(
        postgres
          ? `UPDATE ${table('report')} SET organ_id = $1 WHERE id = ANY($2)`
          : `UPDATE ${table('report')} SET organ_id = ? WHERE id IN (SELECT value FROM json_each(?))`,
        [organ.id, postgres ? ids : JSON.stringify(ids)],
      );
    }
  }
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
function quote(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
