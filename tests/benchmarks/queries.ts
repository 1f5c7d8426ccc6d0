/**
 * The five benchmark requests, defined by meaning, as GraphQL operations (sent to the real server) and
 * the normalisation that turns either server's answer into comparable rows (numbers compared).
 */

export const PREFECTURE = '440300'; // 深圳市
export const PROVINCE = '440000'; // 广东省
export const YEAR = 2022;
export const FROM = 2014;
export const TO = 2024;

export const Q1_INDICATORS = [
  'applications.new.total',
  'applications.carried_over.total',
  'outcome.disclosed.total',
  'outcome.partially_disclosed.total',
  'outcome.withheld.state_secret.total',
  'outcome.unable.not_held.total',
  'outcome.total.total',
  'applications.carried_forward.total',
  'review.total',
  'litigation.direct.total',
];
export const Q3_INDICATORS = ['applications.new.total', 'outcome.disclosed.total', 'review.total'];
/** 25 base codes: most in both formats, two carried by one format only (MISSING in the other years). */
export const Q4_INDICATORS = [
  ...Q1_INDICATORS,
  'applications.new.natural_person',
  'applications.new.commercial',
  'outcome.disclosed.natural_person',
  'outcome.partially_disclosed.natural_person',
  'outcome.withheld.process_info.total',
  'outcome.unable.needs_creation.total',
  'outcome.not_processed.duplicate.total',
  'outcome.total.natural_person',
  'review.upheld',
  'review.corrected',
  'litigation.direct.upheld',
  'litigation.after_review.total',
  'proactive.penalty.decisions',
  'proactive.regulations.new_made',
  'proactive.regulations.in_force',
];
export const Q2_INDICATOR = 'applications.new.total';
export const Q5_INDICATOR = 'derived.disclosure_rate';
/** derived.disclosure_rate = (outcome.disclosed.total + outcome.partially_disclosed.total) / outcome.total.total */
export const Q5_PARTS = {
  disclosed: 'outcome.disclosed.total',
  partially: 'outcome.partially_disclosed.total',
  total: 'outcome.total.total',
};

export interface BenchQuery {
  id: 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5';
  title: string;
  rollup: boolean;
  body: { operationName: string; query: string; variables: Record<string, unknown> };
}

export const QUERIES: BenchQuery[] = [
  {
    id: 'Q1',
    title: `one prefecture, one year, ${Q1_INDICATORS.length} indicators (OWN)`,
    rollup: false,
    body: {
      operationName: 'Q1',
      query: `query Q1($code: ID!, $indicators: [ID!]!, $year: Int!) {
  cells(jurisdictions: { codes: [$code] }, indicators: $indicators, years: { from: $year, to: $year }, measure: OWN) { indicator { code } year value status }
}`,
      variables: { code: PREFECTURE, indicators: Q1_INDICATORS, year: YEAR },
    },
  },
  {
    id: 'Q2',
    title: `all 34 provinces, roll-up of ${Q2_INDICATOR} for ${YEAR}`,
    rollup: true,
    body: {
      operationName: 'Q2',
      query: `query Q2($indicator: ID!, $year: Int!) {
  cells(jurisdictions: { level: PROVINCE }, indicators: [$indicator], years: { from: $year, to: $year }, measure: ROLLUP) { jurisdiction { code name } value status }
}`,
      variables: { indicator: Q2_INDICATOR, year: YEAR },
    },
  },
  {
    id: 'Q3',
    title: `one prefecture, ${Q3_INDICATORS.length} indicators, ${FROM}–${TO}`,
    rollup: false,
    body: {
      operationName: 'Q3',
      query: `query Q3($code: ID!, $indicators: [ID!]!, $from: Int!, $to: Int!) {
  jurisdiction(code: $code) { code name series(indicators: $indicators, years: { from: $from, to: $to }, measure: OWN) { indicator { code } cells { year value status } } }
}`,
      variables: { code: PREFECTURE, indicators: Q3_INDICATORS, from: FROM, to: TO },
    },
  },
  {
    id: 'Q4',
    title: `all prefectures of Guangdong × ${FROM}–${TO} × ${Q4_INDICATORS.length} indicators (matrix)`,
    rollup: false,
    body: {
      operationName: 'Q4',
      query: `query Q4($province: ID!, $indicators: [ID!]!, $from: Int!, $to: Int!) {
  matrix(jurisdictions: { childrenOf: $province, level: PREFECTURE }, indicators: $indicators, years: { from: $from, to: $to }, measure: OWN) { jurisdictions { code } indicators { code } years values statuses }
}`,
      variables: { province: PROVINCE, indicators: Q4_INDICATORS, from: FROM, to: TO },
    },
  },
  {
    id: 'Q5',
    title: `top 10 prefectures by ${Q5_INDICATOR} in ${YEAR} (ranking, ROLLUP)`,
    rollup: true,
    body: {
      operationName: 'Q5',
      query: `query Q5($indicator: ID!, $year: Int!) {
  ranking(indicator: $indicator, year: $year, among: { level: PREFECTURE }, measure: ROLLUP, first: 10) { rankedCount entries { rank value cell { jurisdiction { code name } } } }
}`,
      variables: { indicator: Q5_INDICATOR, year: YEAR },
    },
  },
];

/** One comparable fact: a key naming what it is about, a number (or null) and a status or label. */
export type Row = [key: string, value: number | null, label: string];

/* eslint-disable @typescript-eslint/no-explicit-any -- answers are plain JSON of known shapes */

/** Rows of the GraphQL server's `data` for a query. */
export function rowsOfGraphql(id: BenchQuery['id'], data: any): Row[] {
  switch (id) {
    case 'Q1':
      return data.cells.map((c: any): Row => [`${PREFECTURE}/${c.indicator.code}/${c.year}`, c.value, c.status]);
    case 'Q2':
      return data.cells.map((c: any): Row => [c.jurisdiction.code, c.value, `${c.status} ${c.jurisdiction.name}`]);
    case 'Q3':
      return data.jurisdiction.series.flatMap((s: any) =>
        s.cells.map((c: any): Row => [`${data.jurisdiction.code}/${s.indicator.code}/${c.year}`, c.value, c.status]),
      );
    case 'Q4': {
      const m = data.matrix;
      const rows: Row[] = [];
      m.jurisdictions.forEach((j: any, ji: number) =>
        m.indicators.forEach((i: any, ii: number) =>
          m.years.forEach((y: number, yi: number) => {
            const at = (ji * m.indicators.length + ii) * m.years.length + yi;
            rows.push([`${j.code}/${i.code}/${y}`, m.values[at], m.statuses[at]]);
          }),
        ),
      );
      return rows;
    }
    case 'Q5':
      return [
        ['rankedCount', data.ranking.rankedCount, ''],
        ...data.ranking.entries.map((e: any): Row => [`${e.rank}:${e.cell.jurisdiction.code}`, e.value, e.cell.jurisdiction.name]),
      ];
  }
}

/** Rows of the floor's answer (already flat rows, in the same order). */
export function rowsOfFloor(answer: any): Row[] {
  return answer.rows as Row[];
}

/** First difference between two answers, numbers equal within 1e-9 relative; null when equal. */
export function difference(a: Row[], b: Row[]): string | null {
  if (a.length !== b.length) return `${a.length} rows against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const [ka, va, la] = a[i];
    const [kb, vb, lb] = b[i];
    const sameValue = va === vb || (va !== null && vb !== null && Math.abs(va - vb) <= 1e-9 * Math.max(1, Math.abs(va), Math.abs(vb)));
    if (ka !== kb || la !== lb || !sameValue) return `row ${i}: ${JSON.stringify(a[i])} against ${JSON.stringify(b[i])}`;
  }
  return null;
}
