import http from 'node:http';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import {
  FROM,
  PREFECTURE,
  PROVINCE,
  Q1_INDICATORS,
  Q2_INDICATOR,
  Q3_INDICATORS,
  Q4_INDICATORS,
  Q5_PARTS,
  TO,
  YEAR,
  type Row,
} from './queries';

/**
 * The floor: a minimal node:http server answering the five benchmark requests (the same POST bodies)
 * with hand-written SQL on the same database, straight from the reports and observations, and JSON.
 * What a purpose-built endpoint per question would cost: the GraphQL server is measured against it.
 * Environment: OGI_SQLITE_PATH, or OGI_DATABASE_URL and OGI_DATABASE_SCHEMA. Prints `READY <port>`.
 */
type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

interface Db {
  query: Query;
  /** `column IN list`, the list bound as one parameter. */
  inList(column: string): string;
  list(values: readonly string[]): unknown;
}

function openDb(): Db {
  const url = process.env.OGI_DATABASE_URL;
  if (url) {
    const schema = process.env.OGI_DATABASE_SCHEMA ?? 'public';
    const pool = new Pool({ connectionString: url, max: 10, options: `-c search_path="${schema}"` });
    return {
      query: async (sql, params) => {
        let n = 0;
        return (
          await pool.query(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows;
      },
      inList: (column) => `${column} = ANY(?)`,
      list: (values) => values,
    };
  }
  const db = new Database(process.env.OGI_SQLITE_PATH ?? '', { readonly: true });
  const statements = new Map<string, Database.Statement>();
  return {
    query: async (sql, params) => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...params) as Record<string, unknown>[];
    },
    inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
    list: (values) => JSON.stringify(values),
  };
}

const db = openDb();
const names = new Map<string, string>();
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** OWN values of government reports: (code, year) → [value, status], the latest report winning. */
async function ownValues(codes: string[], jurisdictions: string[], from: number, to: number) {
  const rows = await db.query(
    `SELECT r.jurisdiction_code AS k, r.year AS y, o.indicator_code AS c, o.value AS v, o.status AS s
     FROM report r JOIN observation o ON o.report_id = r.id
     WHERE ${db.inList('r.jurisdiction_code')} AND r.year BETWEEN ? AND ? AND r.scope = 'OWN' AND r.organ_kind = 'GOVERNMENT'
       AND r.superseded_by_id IS NULL AND ${db.inList('o.indicator_code')}
     ORDER BY r.id`,
    [db.list(jurisdictions), from, to, db.list(codes)],
  );
  const values = new Map<string, [number | null, string]>();
  for (const row of rows) values.set(`${row.k}/${row.c}/${row.y}`, [row.s === 'VALUE' ? num(row.v) : null, String(row.s)]);
  return values;
}

/** Roll-up sums of OWN reports per group column (province_code or prefecture_code) for one year. */
async function rollup(column: string, codes: string[], year: number) {
  const rows = await db.query(
    `SELECT j.${column} AS k, o.indicator_code AS c, SUM(CASE WHEN o.status = 'VALUE' THEN o.value END) AS v, SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END) AS nv
     FROM report r JOIN jurisdiction j ON j.code = r.jurisdiction_code JOIN observation o ON o.report_id = r.id
     WHERE r.year = ? AND r.scope = 'OWN' AND r.superseded_by_id IS NULL AND j.${column} IS NOT NULL AND ${db.inList('o.indicator_code')}
     GROUP BY j.${column}, o.indicator_code`,
    [year, db.list(codes)],
  );
  const values = new Map<string, [number | null, string]>();
  for (const row of rows) values.set(`${row.k}/${row.c}`, Number(row.nv) > 0 ? [num(row.v), 'VALUE'] : [null, 'BLANK']);
  return values;
}

const MISSING: [null, string] = [null, 'MISSING'];

async function q1(): Promise<Row[]> {
  const values = await ownValues(Q1_INDICATORS, [PREFECTURE], YEAR, YEAR);
  return Q1_INDICATORS.map((c) => [`${PREFECTURE}/${c}/${YEAR}`, ...(values.get(`${PREFECTURE}/${c}/${YEAR}`) ?? MISSING)]);
}

async function q2(): Promise<Row[]> {
  const values = await rollup('province_code', [Q2_INDICATOR], YEAR);
  const provinces = await db.query("SELECT code FROM jurisdiction WHERE level = 'PROVINCE' ORDER BY code", []);
  return provinces.map(({ code }) => {
    const [v, s] = values.get(`${code}/${Q2_INDICATOR}`) ?? MISSING;
    return [String(code), v, `${s} ${names.get(String(code))}`];
  });
}

async function q3(): Promise<Row[]> {
  const values = await ownValues(Q3_INDICATORS, [PREFECTURE], FROM, TO);
  const rows: Row[] = [];
  for (const c of Q3_INDICATORS)
    for (let y = FROM; y <= TO; y++) rows.push([`${PREFECTURE}/${c}/${y}`, ...(values.get(`${PREFECTURE}/${c}/${y}`) ?? MISSING)]);
  return rows;
}

async function q4(): Promise<Row[]> {
  const prefectures = (
    await db.query("SELECT code FROM jurisdiction WHERE parent_code = ? AND level = 'PREFECTURE' ORDER BY code", [PROVINCE])
  ).map((r) => String(r.code));
  const values = await ownValues(Q4_INDICATORS, prefectures, FROM, TO);
  const rows: Row[] = [];
  for (const j of prefectures)
    for (const c of Q4_INDICATORS)
      for (let y = FROM; y <= TO; y++) rows.push([`${j}/${c}/${y}`, ...(values.get(`${j}/${c}/${y}`) ?? MISSING)]);
  return rows;
}

async function q5(): Promise<Row[]> {
  const values = await rollup('prefecture_code', Object.values(Q5_PARTS), YEAR);
  const prefectures = await db.query("SELECT code FROM jurisdiction WHERE level = 'PREFECTURE' ORDER BY code", []);
  const rated: { code: string; rate: number }[] = [];
  for (const { code } of prefectures) {
    const [d, ds] = values.get(`${code}/${Q5_PARTS.disclosed}`) ?? MISSING;
    const [p, ps] = values.get(`${code}/${Q5_PARTS.partially}`) ?? MISSING;
    const [t, ts] = values.get(`${code}/${Q5_PARTS.total}`) ?? MISSING;
    // (disclosed + partially) / total: a sum needs one number; a ratio needs numbers on both sides and a non-zero denominator.
    if (ds === 'MISSING' || ps === 'MISSING' || ts === 'MISSING') continue;
    if (ds !== 'VALUE' && ps !== 'VALUE') continue;
    if (ts !== 'VALUE' || !t) continue;
    rated.push({ code: String(code), rate: ((d ?? 0) + (p ?? 0)) / t });
  }
  rated.sort((a, b) => b.rate - a.rate);
  const rows: Row[] = [['rankedCount', rated.length, '']];
  let rank = 0;
  rated.slice(0, 10).forEach((r, i) => {
    rank = i > 0 && rated[i - 1].rate === r.rate ? rank : i + 1;
    rows.push([`${rank}:${r.code}`, r.rate, names.get(r.code) ?? '']);
  });
  return rows;
}

const HANDLERS: Record<string, () => Promise<Row[]>> = { Q1: q1, Q2: q2, Q3: q3, Q4: q4, Q5: q5 };

async function main() {
  for (const row of await db.query('SELECT code, name FROM jurisdiction', [])) names.set(String(row.code), String(row.name));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let handler: (() => Promise<Row[]>) | undefined;
      try {
        handler = HANDLERS[(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { operationName?: string }).operationName ?? ''];
      } catch {
        handler = undefined;
      }
      if (!handler) {
        res.writeHead(400).end('{"error":"unknown request"}');
        return;
      }
      handler().then(
        (rows) => {
          const body = JSON.stringify({ rows });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        },
        (error: Error) => res.writeHead(500).end(JSON.stringify({ error: error.message })),
      );
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
