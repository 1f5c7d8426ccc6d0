import { parseReport } from '../../../src/ingestion/parsers/report.parser';
import { partialFixtures } from '../../support/fixtures';

/**
 * Openings (~2,000 bytes) of real reports: cut tables, stripped tables, traditional mirrors with pinyin
 * insertions, one cell per line, dropped empty cells. The parser takes what is there and produces no
 * value that is not in the text.
 */
describe.each(partialFixtures().map((f) => ({ ...f, id: f.name })))('partial report $id', ({ text, expected }) => {
  it('reads the visible cells and invents none', async () => {
    const report = await parseReport({ content: Buffer.from(text, 'utf8'), fileName: 'page.txt' });
    const got = new Map(report.observations.map((o) => [o.indicator, o]));
    const listed = new Map(Object.values(expected.tables).flatMap((t) => Object.entries(t)));
    const problems: string[] = [];
    for (const [code, value] of listed) {
      const o = got.get(code);
      if (value === null) {
        if (o && o.status === 'VALUE') problems.push(`${code}: expected blank, got ${o.value}`);
      } else if (!o || o.status !== 'VALUE' || o.value !== value) {
        problems.push(`${code}: expected ${value}, got ${o ? `${o.value} (${o.status})` : 'nothing'}`);
      }
    }
    for (const o of report.observations) {
      if (o.status === 'VALUE' && !listed.has(o.indicator)) problems.push(`${o.indicator}: ${o.value} is not in the text`);
    }
    expect(problems).toEqual([]);
  });
});

describe('partial reports: specific behaviour', () => {
  const parse = async (name: string) => {
    const f = partialFixtures().find((x) => x.name === name);
    if (!f) throw new Error(name);
    return parseReport({ content: Buffer.from(f.text, 'utf8') });
  };

  it('longgang-dept-2024: a row cut off after 6 of 7 cells is reported as such', async () => {
    const r = await parse('longgang-dept-2024');
    const cut = r.missing.find((m) => m.indicators.includes('outcome.withheld.enforcement_file.total'));
    expect(cut?.reason).toBe('cut off after 6 of 7 cells');
    expect(r.missing.find((m) => m.part === 'table4')?.reason).toMatch(/not in the text/);
  });

  it('jiaxian-town-2022: a 2022 report in the 2019 layout is detected as 2019 by its table-2 headers', async () => {
    const r = await parse('jiaxian-town-2022');
    expect(r.formatVersion).toBe('2019');
    expect(r.formatEvidence).toMatch(/本年新制作数量/);
    expect(r.year).toBe(2022);
  });

  it('shenzhen-2022 (cited 〔2019〕60号, no tables): version by year, and said so', async () => {
    const r = await parse('shenzhen-2022');
    expect(r.formatVersion).toBe('2021');
    expect(r.formatEvidence).toMatch(/by year 2022/);
    expect(r.organ).toBe('深圳市人民政府');
  });

  it('wuhan-sthjj-2020: traditional text, Hubei extra row coded local_ext, placeholder `-` blank', async () => {
    const r = await parse('wuhan-sthjj-2020');
    const v = new Map(r.observations.map((o) => [o.indicator, o]));
    expect(v.get('proactive.local_ext.other_proactive_docs.new_made')?.value).toBe(186);
    expect(v.get('proactive.coercion.decisions')?.status).toBe('BLANK');
    expect(r.warnings.join(' ')).toMatch(/traditional/);
  });

  it('owenbabies-dept-2019: `减4` read as −4; the label-less block of 64 zeros is not assigned', async () => {
    const r = await parse('owenbabies-dept-2019');
    const v = new Map(r.observations.map((o) => [o.indicator, o.value]));
    expect(v.get('proactive.licensing.items_change')).toBe(-4);
    expect(v.has('outcome.withheld.state_secret.total')).toBe(false);
  });

  it('szamr-longhua-2023: narrative figures for absent tables, 受理 (new + carried) not taken as new', async () => {
    const r = await parse('szamr-longhua-2023');
    const narrative = r.observations.filter((o) => o.table === 'narrative');
    expect(narrative.length).toBe(19);
    expect(r.observations.find((o) => o.indicator === 'applications.new.total')?.value).toBe(112);
    expect(r.warnings.join(' ')).toMatch(/narrative/);
  });

  it('futian-jtjj-2021: stripped tables reported absent; section 六 "none" wording read', async () => {
    const r = await parse('futian-jtjj-2021');
    expect(r.missing.find((m) => m.part === 'table2')?.reason).toMatch(/absent/);
    const fees = r.observations.filter((o) => o.table === 'section6').map((o) => [o.indicator, o.value]);
    expect(fees).toEqual([
      ['fees.info_processing.notices', 0],
      ['fees.info_processing.amount_collected_yuan', 0],
    ]);
  });

  it('xiongxian-town-2019: labels without numbers give no values', async () => {
    const r = await parse('xiongxian-town-2019');
    expect(r.observations.filter((o) => o.status === 'VALUE')).toEqual([]);
  });
});
