import { CurrentValue1764700000000 } from '../../migrations/1764700000000-current-value';
import { Curation1764900000000 } from '../../migrations/1764900000000-curation';
import { ScopeEvidence1764810000000 } from '../../migrations/1764810000000-scope-evidence';
import { Organs1764800000000 } from '../../migrations/1764800000000-organs';
import { MIGRATIONS } from '../../src/data-source';
import { ObservationEntity } from '../../src/observations/observation.entity';
import { OrganEntity } from '../../src/organs/organ.entity';
import { ReportEntity } from '../../src/reports/report.entity';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { CurrentValueEntity } from '../../src/rollups/current-value.entity';
import { RollupDerivedEntity } from '../../src/rollups/rollup-derived.entity';
import { RollupDerived1764600000000 } from '../../migrations/1764600000000-rollup-derived';
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
        await storeReport(db.dataSource, {
          jurisdiction: '440305',
          year: 2022,
          organ,
          scope,
          organKind: organ.endsWith('教育局') ? 'DEPARTMENT' : 'GOVERNMENT',
          values: { 'applications.new.total': value, 'review.total': null },
        });
      }
      await storeReport(db.dataSource, { jurisdiction: '440303', year: 2021, values: { 'applications.new.total': 6 } });
      const rows = async () =>
        (
          await db.dataSource
            .getRepository(CurrentValueEntity)
            .find({ order: { jurisdictionCode: 'ASC', measure: 'ASC', indicatorCode: 'ASC', year: 'ASC' } })
        ).map((r) => ({ ...r }));
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

describe(`the rollup_derived migration (${TEST_DB})`, () => {
  it('creates the table only; the next start fills it from the roll-ups already stored, as the report store keeps it', async () => {
    const db = await createTestDatabase();
    try {
      await ensureReferenceData(db.dataSource);
      for (const [jurisdiction, natural, total] of [
        ['440305', 3, 4],
        ['440303', 1, 5],
      ] as const) {
        await storeReport(db.dataSource, {
          jurisdiction,
          year: 2022,
          values: { 'applications.new.natural_person': natural, 'applications.new.total': total },
        });
      }
      const rows = async () =>
        (
          await db.dataSource
            .getRepository(RollupDerivedEntity)
            .find({ order: { indicatorCode: 'ASC', year: 'ASC', level: 'ASC', jurisdictionCode: 'ASC' } })
        ).map((r) => ({ ...r }));
      const kept = await rows();
      expect(
        kept.filter((r) => r.indicatorCode === 'derived.organisation_share').map((r) => [r.level, r.jurisdictionCode, r.status, r.value]),
      ).toEqual([
        ['PREFECTURE', '440300', 'VALUE', 5 / 9],
        ['PROVINCE', '440000', 'VALUE', 5 / 9],
      ]);
      // Back to before it (and whatever came after), then forward again: the table comes back empty.
      const after = MIGRATIONS.length - MIGRATIONS.indexOf(RollupDerived1764600000000);
      for (let i = 0; i < after; i++) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.createQueryRunner().hasTable('rollup_derived')).toBe(false);
      await db.dataSource.runMigrations();
      expect(await rows()).toEqual([]);
      // What every start runs after the migrations (main.ts, the CLI commands).
      await ensureReferenceData(db.dataSource);
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
      await storeReport(
        db.dataSource,
        {
          jurisdiction: '440305',
          year: 2022,
          organ: '深圳市南山区人民政府',
          values: { 'applications.new.total': 1, 'review.total': null },
        },
        { scopeEvidence: '2022年全区共收到政府信息公开申请1件' },
      );
      await storeReport(db.dataSource, {
        jurisdiction: '440305',
        year: 2022,
        organ: '深圳市南山区人民政府',
        values: { 'applications.new.total': 2 },
      });
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
      const evidence = async () =>
        (await db.dataSource.query<{ e: string | null }[]>(`SELECT scope_evidence AS e FROM ${report} ORDER BY id`)).map((r) => r.e);
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

describe(`the curation migration (${TEST_DB})`, () => {
  it('adds the withdrawal columns, the content index and the audit log, and reverts keeping every report, observation and supersession', async () => {
    const db = await createTestDatabase();
    try {
      await ensureReferenceData(db.dataSource);
      for (const value of [1, 2])
        await storeReport(db.dataSource, {
          jurisdiction: '440305',
          year: 2022,
          organ: '深圳市南山区人民政府',
          values: { 'applications.new.total': value, 'review.total': null },
        });
      const quoted = (entity: typeof ReportEntity | typeof ObservationEntity) =>
        db.dataSource
          .getMetadata(entity)
          .tablePath.split('.')
          .map((part) => `"${part}"`)
          .join('.');
      const counts = async () => {
        const [row] = await db.dataSource.query<{ r: number; o: number; s: number }[]>(
          `SELECT (SELECT COUNT(*) FROM ${quoted(ReportEntity)}) AS r, (SELECT COUNT(*) FROM ${quoted(ObservationEntity)}) AS o, (SELECT COUNT(*) FROM ${quoted(ReportEntity)} WHERE superseded_by_id IS NOT NULL) AS s`,
        );
        return Object.values(row).map(Number);
      };
      expect(await counts()).toEqual([2, 4, 1]);
      // Back to before it (and whatever came after), then forward again.
      for (let i = MIGRATIONS.indexOf(Curation1764900000000); i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
      const runner = db.dataSource.createQueryRunner();
      expect((await runner.getTable('report'))?.findColumnByName('withdrawn_at')).toBeUndefined();
      expect(await runner.hasTable('audit_entry')).toBe(false);
      await runner.release();
      expect(await counts()).toEqual([2, 4, 1]);
      await db.dataSource.runMigrations();
      expect(await counts()).toEqual([2, 4, 1]);
      expect(await db.dataSource.driver.createSchemaBuilder().log()).toMatchObject({ upQueries: [] });
    } finally {
      await db.drop();
    }
  });
});

describe(`the organs migration (${TEST_DB})`, () => {
  it('makes the organs of the reports already stored, counting revisions per organ, and reverts keeping every report and observation', async () => {
    const db = await createTestDatabase();
    try {
      await ensureReferenceData(db.dataSource);
      const P = '平潭综合实验区';
      const stored = [
        { jurisdiction: '350128', year: 2023, organ: `${P}国有资产管理局` },
        { jurisdiction: '350128', year: 2024, organ: `${P}投资促进局` },
        { jurisdiction: '350128', year: 2023, organ: `${P} 国有资产管理局` },
        { jurisdiction: '440305', year: 2022, organ: '深圳市南山区人民政府' },
        { jurisdiction: '440305', year: 2022, organ: '南山区人民政府' },
      ];
      for (const [i, spec] of stored.entries())
        await storeReport(db.dataSource, { ...spec, values: { 'applications.new.total': i, 'review.total': null } });
      const reports = () =>
        db.dataSource
          .createQueryBuilder()
          .from(ReportEntity, 'r')
          .select(['r.id AS id', 'r.organ AS organ', 'r.year AS year', 'r.revision AS revision', 'r.superseded_by_id AS superseded'])
          .orderBy('r.id')
          .getRawMany<{ id: number; organ: string; year: number; revision: number; superseded: number | null }>()
          .then((rows) =>
            rows.map((r) => ({
              id: Number(r.id),
              organ: r.organ,
              year: Number(r.year),
              revision: Number(r.revision),
              superseded: r.superseded === null ? null : Number(r.superseded),
            })),
          );
      const observations = () => db.dataSource.getRepository(ObservationEntity).count();
      const kept = { reports: await reports(), observations: await observations() };
      expect(kept.reports.map((r) => [r.revision, r.superseded])).toEqual([
        [1, 3],
        [1, null],
        [2, null],
        [1, 5],
        [2, null],
      ]);

      const after = MIGRATIONS.length - MIGRATIONS.indexOf(Organs1764800000000);
      for (let i = 0; i < after; i++) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.createQueryRunner().hasTable('organ')).toBe(false);
      expect({ reports: await reports(), observations: await observations() }).toEqual(kept);
      // Before organs, two printed variants of one organ were two organs: both current, each revision 1.
      await db.dataSource.createQueryBuilder().update(ReportEntity).set({ revision: 1 }).where('id = 5').execute();
      await db.dataSource.createQueryBuilder().update(ReportEntity).set({ supersededById: null }).where('id = 4').execute();

      await db.dataSource.runMigrations();
      const organs = await db.dataSource.getRepository(OrganEntity).find({ order: { jurisdictionCode: 'ASC' } });
      expect(organs.map((o) => [o.jurisdictionCode, o.name, o.kind])).toEqual([
        ['350128', `${P}国有资产管理局`, 'GOVERNMENT'],
        ['440305', '南山区人民政府', 'GOVERNMENT'],
      ]);
      const rows = await db.dataSource.getRepository(ReportEntity).find({ order: { id: 'ASC' } });
      expect(rows.map((r) => [r.organId, r.revision, r.supersededById])).toEqual([
        [organs[0].id, 1, 3],
        [organs[0].id, 1, null],
        [organs[0].id, 2, null],
        // Renumbered in import order; which reports are current is left as it was.
        [organs[1].id, 1, null],
        [organs[1].id, 2, null],
      ]);
      expect(await observations()).toBe(kept.observations);
      // The next revision supersedes both.
      await storeReport(db.dataSource, {
        jurisdiction: '440305',
        year: 2022,
        organ: '南山区人民政府',
        values: { 'applications.new.total': 9 },
      });
      const last = await db.dataSource.getRepository(ReportEntity).find({ where: { organId: organs[1].id }, order: { id: 'ASC' } });
      expect(last.map((r) => [r.revision, r.supersededById])).toEqual([
        [1, 6],
        [2, 6],
        [3, null],
      ]);
    } finally {
      await db.drop();
    }
  });
});
