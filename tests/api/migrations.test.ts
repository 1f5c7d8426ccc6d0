import { MIGRATIONS } from '../../src/data-source';
import { createTestDatabase, TEST_DB } from '../support/database';

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
