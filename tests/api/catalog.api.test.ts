import { IndicatorEntity } from '../../src/indicators/indicator.entity';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { createTestApi, type TestApi } from '../support/api';

/** The catalog's labels as a release ships them reach a database made by an earlier release, on its next start. */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

it('renames indicators whose labels changed, and leaves the rest alone', async () => {
  const repository = api.dataSource.getRepository(IndicatorEntity);
  // As an earlier release stored them: the derived ratios without a Chinese name, a subtotal named by its code.
  await repository.update({ code: 'derived.disclosure_rate' }, { rowLabelZh: '' });
  await repository.update({ code: 'outcome.withheld.subtotal.total' }, { rowLabelZh: '（withheld）小计' });
  const before = await repository.count();
  await ensureReferenceData(api.dataSource);
  expect(await repository.count()).toBe(before);
  expect((await repository.findOneByOrFail({ code: 'derived.disclosure_rate' })).rowLabelZh).toMatch(/^公开率/);
  expect((await repository.findOneByOrFail({ code: 'outcome.withheld.subtotal.total' })).rowLabelZh).toBe('（三）不予公开/小计');
  const data = await api.execute<{ indicators: { code: string; labelZh: string }[] }>('{ indicators(search: "公开率") { code labelZh } }');
  expect(data.indicators.map((i) => i.code)).toContain('derived.disclosure_rate');
});
