import { createTestDatabase } from '../support/database';
import { describePostgres } from '../support/postgres-tier';

describePostgres('migrations (PostgreSQL)', () => {
  it('build the schema the entities describe, with nothing left to generate, and revert cleanly', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      await db.dataSource.undoLastMigration();
      await db.dataSource.runMigrations();
      expect((await db.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
