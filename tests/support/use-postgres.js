// Setup file of the "postgres" jest project: the api tier's createTestApi() picks PostgreSQL.
process.env.OGI_TEST_DB = 'postgres';
