import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../config';
import { synthesize } from './synthesize';

export const SYNTHESIZE_USAGE = `npm run ogi -- synthesize [--sqlite FILE | --postgres URL [--schema S]] [--seed N] [--from 2014 --to 2024]

  Generates deterministic synthetic national data (every province, prefecture and county, one
  government report a year, ~3 % missing, prefecture SUMMARY reports) flagged synthetic, into a
  database of its own, and prints the loading speed.
  --sqlite FILE    SQLite file (default .data/synthetic.sqlite)
  --postgres URL   PostgreSQL instead, in schema --schema (default ogi_synthetic)
  --seed N         generator seed (default 1); the same seed gives the same data
  --from, --to     report years (default 2014 to 2024)`;

/** `npm run ogi -- synthesize …`: exit status 0 on success, 2 on bad arguments, 1 on failure. */
export async function runSynthesize(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sqlite: { type: 'string' },
        postgres: { type: 'string' },
        schema: { type: 'string' },
        seed: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${SYNTHESIZE_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(SYNTHESIZE_USAGE);
    return 0;
  }
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`--${name} must be an integer from ${min} to ${max}, got "${String(raw)}"`);
    return n;
  };
  const seed = integer('seed', 1, 0, 2 ** 32 - 1);
  const from = integer('from', 2014, 2000, 2100);
  const to = integer('to', 2024, 2000, 2100);
  if (from > to) problems.push(`--from (${from}) must not be after --to (${to})`);
  if (values.sqlite && values.postgres) problems.push('give --sqlite or --postgres, not both');
  if (values.schema && !values.postgres) problems.push('--schema goes with --postgres');
  const url = values.postgres as string | undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) problems.push(`--postgres must be a postgres:// URL, got "${url}"`);
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${SYNTHESIZE_USAGE}`);
    return 2;
  }

  let database: DatabaseConfig;
  if (url) {
    database = { type: 'postgres', url, schema: (values.schema as string | undefined) ?? 'ogi_synthetic' };
  } else {
    const file = path.resolve((values.sqlite as string | undefined) ?? path.join('.data', 'synthetic.sqlite'));
    mkdirSync(path.dirname(file), { recursive: true });
    database = { type: 'sqlite', path: file };
  }
  const where = database.type === 'sqlite' ? database.path : `PostgreSQL schema ${database.schema}`;
  console.error(`synthesizing seed ${seed}, ${from}–${to} into ${where}`);
  const result = await synthesize(database, { seed, from, to }, (message) => console.error(`  ${message}`));
  console.log(
    `${result.reports.toLocaleString('en')} reports, ${result.observations.toLocaleString('en')} observations loaded in ${result.loadSeconds.toFixed(1)} s ` +
      `(${Math.round(result.observations / result.loadSeconds).toLocaleString('en')} observations/s); roll-ups and statistics ${result.finishSeconds.toFixed(1)} s`,
  );
  return 0;
}
