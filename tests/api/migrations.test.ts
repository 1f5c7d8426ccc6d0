import { CurrentValue1764700000000 } from '../../migrations/1764700000000-current-value';
import { ScopeEvidence1764810000000 } from '../../migrations/1764810000000-scope-evidence';
import { MIGRATIONS } from '../../src/data-source';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { ObservationEntity } from '../../src/observations/observation.entity';
import { ReportEntity } from '../../src/reports/report.entity';
import { CurrentValueEntity } from '../../src/rollups/current-value.entity';
import { createTestDatabase, TEST_DB } from '../support/database';
import { storeReport } from '../support/factories';

describe(`migrations (${TEST_DB})`, () => {
  it('build the schema the entities describe, with nothing left to generate', async () => {
    const db = await createTestDatabase();
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('revert (all of them) and run again', async () => {
    const db = await createTestDatabase();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.createQueryRunner().hasTable('report')).toBe(false);
      await db.dataSource.runMigrations();
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

describe(`the current_value migration (${TEST_DB})`, () => {
  it('fills the table from the reports already stored, as the report store keeps it', async () => {
    const db = await createTestDatabase();
    try {
      await ensureReferenceData(db.dataSource);
      for (const [organ, scope, value] of [
        ['深圳市南山区人民政府', 'OWN', 1],
        ['深圳市南山区人民政府', 'OWN', 2],
        ['深圳市南山区教育局', 'OWN', 3],
        ['深圳市南山区人民政府办公室', 'SUMMARY', 4],
        ['南山区人民政府', 'OWN', 5],
      ] as const) {
        await storeReport(db.dataSource, { jurisdiction: '440305', year: 2022, organ, scope, organKind: organ.endsWith('教育局') ? 'DEPARTMENT' : 'GOVERNMENT', values: { 'applications.new.total': value, 'review.total': null } });
      }
      await storeReport(db.dataSource, { jurisdiction: '440303', year: 2021, values: { 'applications.new.total': 6 } });
      const rows = async () =>
        (await db.dataSource.getRepository(CurrentValueEntity).find({ order: { jurisdictionCode: 'ASC', measure: 'ASC', indicatorCode: 'ASC', year: 'ASC' } })).map((r) => ({ ...r }));
      const kept = await rows();
      expect(kept.map((r) => [r.jurisdictionCode, r.measure, r.indicatorCode, r.value])).toEqual([
        ['440303', 'OWN', 'applications.new.total', 6],
        ['440305', 'OWN', 'applications.new.total', 5],
        ['440305', 'OWN', 'review.total', null],
        ['440305', 'REPORTED', 'applications.new.total', 4],
        ['440305', 'REPORTED', 'review.total', null],
      ]);
      // Back to before it (and whatever came after), then forward again.
      const after = MIGRATIONS.length - MIGRATIONS.indexOf(CurrentValue1764700000000);
      for (let i = 0; i < after; i++) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.createQueryRunner().hasTable('current_value')).toBe(false);
      await db.dataSource.runMigrations();
      expect(await rows()).toEqual(kept);
    } finally {
      await db.drop();
    }
  });
});

describe(`the scope_evidence migration (${TEST_DB})`, () => {
  // On SQLite the Table API adds and drops a column by recreating the table, and dropping `report`
  // inside the migration's transaction (foreign keys on) would cascade to every observation.
  it('keeps every report and observation, up and down', async () => {
    const db = await createTestDatabase();
    try {
      await ensureReferenceData(db.dataSource);
      await storeReport(db.dataSource, { jurisdiction: '440305', year: 2022, organ: '深圳市南山区人民政府', values: { 'applications.new.total': 1, 'review.total': null } }, { scopeEvidence: '2022年全区共收到政府信息公开申请1件' });
      await storeReport(db.dataSource, { jurisdiction: '440305', year: 2022, organ: '深圳市南山区人民政府', values: { 'applications.new.total': 2 } });
      const table = (entity: typeof ReportEntity | typeof ObservationEntity | typeof CurrentValueEntity) =>
        db.dataSource
          .getMetadata(entity)
          .tablePath.split('.')
          .map((part) => `"${part}"`)
          .join('.');
      const [report, observation, currentValue] = [table(ReportEntity), table(ObservationEntity), table(CurrentValueEntity)];
      const counts = async () => {
        const [row] = await db.dataSource.query<{ r: number; o: number; c: number; s: number }[]>(
          `SELECT (SELECT COUNT(*) FROM ${report}) AS r, (SELECT COUNT(*) FROM ${observation}) AS o, (SELECT COUNT(*) FROM ${currentValue}) AS c, (SELECT COUNT(*) FROM ${report} WHERE superseded_by_id IS NOT NULL) AS s`,
        );
        return Object.values(row).map(Number);
      };
      const before = await counts();
      expect(before).toEqual([2, 3, 1, 1]);
      const evidence = async () => (await db.dataSource.query<{ e: string | null }[]>(`SELECT scope_evidence AS e FROM ${report} ORDER BY id`)).map((r) => r.e);
      expect(await evidence()).toEqual(['2022年全区共收到政府信息公开申请1件', null]);

      const after = MIGRATIONS.length - MIGRATIONS.indexOf(ScopeEvidence1764810000000);
      for (let i = 0; i < after; i++) await db.dataSource.undoLastMigration();
      expect((await db.dataSource.createQueryRunner().getTable('report'))?.findColumnByName('scope_evidence')).toBeUndefined();
      expect(await counts()).toEqual(before);
      await db.dataSource.runMigrations();
      expect(await counts()).toEqual(before);
      expect(await evidence()).toEqual([null, null]);
    } finally {
      await db.drop();
    }
  });
});
