import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../../src/ingestion/parsers/report.parser';
import { FIXTURES } from '../../support/fixtures';

describe('seed report shenzhen-2022 (tables stripped)', () => {
  const load = () => parseReport({ content: readFileSync(join(FIXTURES, 'seed', 'shenzhen-2022.txt')), fileName: 'shenzhen-2022.txt' });

  it('reads the section 六 fees', async () => {
    const r = await load();
    const fees = Object.fromEntries(r.observations.filter((o) => o.table === 'section6').map((o) => [o.indicator, o.value]));
    expect(fees).toEqual({
      'fees.info_processing.notices': 11,
      'fees.info_processing.amount_notified_yuan': 52650,
      'fees.info_processing.amount_collected_yuan': 1200,
    });
  });

  it('takes the 9141 applications handled from the narrative, with a warning', async () => {
    const r = await load();
    const narrative = r.observations.filter((o) => o.table === 'narrative');
    expect(narrative.map((o) => [o.indicator, o.value])).toEqual([['outcome.total.total', 9141]]);
    expect(r.warnings.some((w) => /narrative/.test(w))).toBe(true);
  });

  it('reports the three tables missing and no table cell', async () => {
    const r = await load();
    expect(r.observations.filter((o) => o.table.startsWith('table'))).toEqual([]);
    for (const t of ['table2', 'table3', 'table4']) {
      const m = r.missing.find((x) => x.part === t);
      expect(m?.reason).toMatch(/absent/);
      expect(m?.indicators.length).toBeGreaterThan(0);
    }
  });

  it('reads the metadata', async () => {
    const r = await load();
    expect({ organ: r.organ, year: r.year, organKind: r.organKind, scope: r.scope, formatVersion: r.formatVersion }).toEqual({
      organ: '深圳市人民政府',
      year: 2022,
      organKind: 'GOVERNMENT',
      scope: 'SUMMARY',
      formatVersion: '2021',
    });
  });
});
