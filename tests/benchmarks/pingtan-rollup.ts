import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import { ensureBundledReports } from '../../src/ingestion/bundled-reports.loader';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/server';

/**
 * `npm run report:pingtan`: 平潭's roll-up of its organs' own reports against its SUMMARY reports,
 * 2019–2024, as the API answers them on the bundled data (a fresh in-memory database), printed as the
 * README's markdown table. Rerun it when the parser or the bundle changes, and paste the table.
 */
export const PINGTAN_INDICATORS = ['applications.new.total', 'outcome.total.total', 'outcome.disclosed.total'];

export const PINGTAN_QUERY = `query PingtanReconciliation($indicators: [ID!]!) {
  rollup: cells(jurisdictions: { codes: ["350128"] }, indicators: $indicators, years: { from: 2019, to: 2024 }, measure: ROLLUP) {
    indicator { code } year value status
    reconciliation { reported rollup difference }
    coverage { organs { expected reported missing { name } } }
  }
  reported: cells(jurisdictions: { codes: ["350128"] }, indicators: $indicators, years: { from: 2019, to: 2024 }, measure: REPORTED) {
    indicator { code } year value status sources { organ }
  }
}`;

interface Answer {
  rollup: {
    indicator: { code: string };
    year: number;
    value: number | null;
    status: string;
    reconciliation: { reported: number; rollup: number; difference: number } | null;
    coverage: { organs: { expected: number; reported: number; missing: { name: string }[] } };
  }[];
  reported: { indicator: { code: string }; year: number; value: number | null; status: string; sources: { organ: string }[] }[];
}

async function main() {
  const dataSource = createDataSource({ type: 'sqlite', path: ':memory:' });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await ensureReferenceData(dataSource);
  await ensureBundledReports(dataSource);
  const app = await createApp({
    config: { ...loadConfig({}), database: { type: 'sqlite', path: ':memory:' }, logLevel: 'silent' },
    dataSource,
    logger: createLogger('silent'),
  });
  try {
    const response = await app.apollo.executeOperation(
      { query: PINGTAN_QUERY, variables: { indicators: PINGTAN_INDICATORS } },
      { contextValue: app.contextFor({}) },
    );
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(JSON.stringify(response.body));
    const data = response.body.singleResult.data as unknown as Answer;
    const show = (value: number | null, status: string) => (value === null ? status.toLowerCase() : value.toLocaleString('en'));
    const header = PINGTAN_INDICATORS.map((code) => `\`${code}\` ROLLUP | REPORTED | Δ`).join(' | ');
    const lines = [
      `| year | ${header} | organs reporting / expected | organs missing |`,
      `| --- | ${PINGTAN_INDICATORS.map(() => '---: | ---: | ---:').join(' | ')} | ---: | --- |`,
    ];
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024]) {
      const cells = PINGTAN_INDICATORS.map((code) => {
        const rollup = data.rollup.find((c) => c.year === year && c.indicator.code === code)!;
        const reported = data.reported.find((c) => c.year === year && c.indicator.code === code)!;
        return `${show(rollup.value, rollup.status)} | ${show(reported.value, reported.status)} | ${rollup.reconciliation ? rollup.reconciliation.difference.toLocaleString('en') : '—'}`;
      });
      const { organs } = data.rollup.find((c) => c.year === year)!.coverage;
      const missing = organs.missing.map((o) => o.name.replace(/^平潭综合实验区/, '')).join('、') || '—';
      lines.push(`| ${year} | ${cells.join(' | ')} | ${organs.reported} / ${organs.expected} | ${missing} |`);
    }
    console.log(lines.join('\n'));
  } finally {
    await app.stop();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
