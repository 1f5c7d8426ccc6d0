import type { Rng } from './synthetic-report';

/** Seeded generators of bad input: malformed, huge and deeply nested queries, and wrong values. */

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const int = (rng: Rng, max: number): number => Math.floor(rng() * (max + 1));

const ALPHABET = '{}()[]:$@!"\\ ,.=|&#\n\t…abcxyz0123456789_-深圳市\u0000\u200b';

export function randomString(rng: Rng, maxLength = 40): string {
  const length = int(rng, maxLength);
  let s = '';
  for (let i = 0; i < length; i++) s += rng() < 0.8 ? ALPHABET[int(rng, ALPHABET.length - 1)] : String.fromCharCode(int(rng, 0xffff));
  return s;
}

/** Valid-looking and invalid jurisdiction codes. */
export function code(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => pick(rng, ['440300', '440303', '350128', '110000', '000000', '999999', '440399', '100000']),
    () => String(int(rng, 999_999)).padStart(6, '0'),
    () => String(int(rng, 99_999)),
    () => String(int(rng, 9_999_999)).padStart(7, '0'),
    () => randomString(rng, 12),
    () => "' OR 1=1 --",
    () => '44030%',
    () => '４４０３００',
    () => 'x'.repeat(int(rng, 5000)),
    () => '',
    () => int(rng, 999_999),
    () => null,
    () => [String(int(rng, 999_999))],
    () => ({ code: '440300' }),
    () => true,
  ])();
}

export function year(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => 2019 + int(rng, 6),
    () => pick(rng, [-1, 0, 1, 1899, 1999, 2000, 2100, 9999, 10_000, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 31), 2022.5, 1e300]),
    () => String(2019 + int(rng, 6)),
    () => randomString(rng, 6),
    () => null,
    () => [2022],
  ])();
}

export function first(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => int(rng, 600),
    () => pick(rng, [-1, 0, 1, 500, 501, 100_000, 2 ** 31 - 1, 2 ** 31, 1.5]),
    () => 'ten',
    () => null,
  ])();
}

export function indicators(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => ['applications.new.total'],
    () => ['applications.new.total', 'derived.disclosure_rate', 'review.total'],
    () => [randomString(rng, 20)],
    () => [],
    () => Array.from({ length: int(rng, 2000) }, () => 'applications.new.total'),
    () => Array.from({ length: int(rng, 50) }, () => randomString(rng, 30)),
    () => 'applications.new.total',
    () => [null],
    () => [[['applications.new.total']]],
    () => null,
  ])();
}

/** Operations over every entry point, arguments taken from variables (the values are generated). */
export const TEMPLATES: { name: string; query: string; variables: (rng: Rng) => Record<string, unknown> }[] = [
  {
    name: 'jurisdiction',
    query:
      'query($c: ID!) { jurisdiction(code: $c) { code name level parent { code } children { code } ancestors { code } reports { id } } }',
    variables: (rng) => ({ c: code(rng) }),
  },
  {
    name: 'jurisdictions',
    query:
      'query($codes: [ID!], $p: ID, $l: JurisdictionLevel, $s: String, $f: Int!, $a: String) { jurisdictions(codes: $codes, parent: $p, level: $l, search: $s, first: $f, after: $a) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { code } } } }',
    variables: (rng) => ({
      codes: rng() < 0.5 ? null : pick(rng, [[code(rng)], code(rng)]),
      p: rng() < 0.5 ? null : code(rng),
      l: pick(rng, [null, 'PROVINCE', 'COUNTY', 'TOWN', 1, randomString(rng, 8)]),
      s: rng() < 0.5 ? null : randomString(rng, 30),
      f: first(rng),
      a:
        rng() < 0.6
          ? null
          : pick(rng, [
              randomString(rng, 20),
              Buffer.from(`c:${int(rng, 1e6)}`).toString('base64'),
              Buffer.from(randomString(rng, 10)).toString('base64'),
              'Yzo=',
            ]),
    }),
  },
  {
    name: 'reports',
    query:
      'query($j: ID, $y: Int, $f: Int!, $a: String, $i: [ID!]) { reports(jurisdiction: $j, year: $y, first: $f, after: $a, includeSuperseded: true) { totalCount edges { node { id year organ revision observations(indicators: $i) { value status } consistency { identity status } missing { part } } } } }',
    variables: (rng) => ({
      j: rng() < 0.3 ? null : code(rng),
      y: rng() < 0.3 ? null : year(rng),
      f: first(rng),
      a: rng() < 0.7 ? null : randomString(rng, 20),
      i: rng() < 0.5 ? null : indicators(rng),
    }),
  },
  {
    name: 'report',
    query: 'query($id: ID!) { report(id: $id) { id organ observations { value } supersededBy { id } } }',
    variables: (rng) => ({
      id: pick<() => unknown>(rng, [
        () => int(rng, 100),
        () => -1,
        () => 2 ** 53,
        () => '1e3',
        () => randomString(rng, 10),
        () => '9'.repeat(400),
        () => null,
      ])(),
    }),
  },
  {
    name: 'indicators',
    query:
      'query($c: ID!, $s: String, $t: String, $v: FormatVersion) { indicator(code: $c) { code } indicators(search: $s, table: $t, formatVersion: $v) { code unit } }',
    variables: (rng) => ({
      c: pick(rng, ['applications.new.total', randomString(rng, 40)]),
      s: rng() < 0.5 ? null : randomString(rng, 20),
      t: pick(rng, [null, '2', '3', '4', '6', 'derived', randomString(rng, 5)]),
      v: pick(rng, [null, 'V2019', 'V2021', '2021', randomString(rng, 5)]),
    }),
  },
  {
    name: 'cells',
    query:
      'query($j: JurisdictionSelector!, $i: [ID!]!, $from: Int!, $to: Int!, $m: Measure, $agg: Boolean) { cells(jurisdictions: $j, indicators: $i, years: { from: $from, to: $to }, measure: $m, aggregateYears: $agg) { value status coverage { complete } yoy { percent } } }',
    variables: (rng) => ({
      j: pick<() => unknown>(rng, [
        () => ({ codes: [code(rng)] }),
        () => ({ childrenOf: code(rng) }),
        () => ({ descendantsOf: code(rng), level: pick(rng, ['COUNTY', 'PREFECTURE', 'X']) }),
        () => ({ level: pick(rng, ['PROVINCE', 'PREFECTURE', 'COUNTY']) }),
        () => ({}),
        () => null,
        () => ({ codes: Array.from({ length: int(rng, 5000) }, () => code(rng)) }),
      ])(),
      i: indicators(rng),
      from: year(rng),
      to: year(rng),
      m: pick(rng, [null, 'OWN', 'REPORTED', 'ROLLUP', 'SUM']),
      agg: pick(rng, [null, true, false, 'yes']),
    }),
  },
  {
    name: 'matrix',
    query:
      'query($j: JurisdictionSelector!, $i: [ID!]!, $from: Int!, $to: Int!) { matrix(jurisdictions: $j, indicators: $i, years: { from: $from, to: $to }, measure: ROLLUP) { years values statuses jurisdictions { code } } }',
    variables: (rng) => ({ j: { childrenOf: code(rng) }, i: indicators(rng), from: year(rng), to: year(rng) }),
  },
  {
    name: 'ranking',
    query:
      'query($i: ID!, $y: Int!, $f: Int!, $l: JurisdictionLevel) { ranking(indicator: $i, year: $y, among: { level: $l }, first: $f) { rankedCount entries { rank value } unranked { reason } } }',
    variables: (rng) => ({
      i: pick(rng, ['derived.disclosure_rate', 'applications.new.total', randomString(rng, 20)]),
      y: year(rng),
      f: first(rng),
      l: pick(rng, ['PREFECTURE', 'PROVINCE', null, 'Z']),
    }),
  },
  {
    name: 'series',
    query:
      'query($c: ID!, $i: [ID!]!, $from: Int!, $to: Int!) { jurisdiction(code: $c) { series(indicators: $i, years: { from: $from, to: $to }) { measure cells { year value } } } }',
    variables: (rng) => ({ c: code(rng), i: indicators(rng), from: year(rng), to: year(rng) }),
  },
];

const MUTATION_CHARS = '{}()[]:$@!"\\ ,.=#\n…abc019_';

/** A query with a few random edits: deletions, insertions, replacements, truncation. */
export function mutateText(rng: Rng, text: string): string {
  let s = text;
  const edits = 1 + int(rng, 5);
  for (let e = 0; e < edits; e++) {
    const at = int(rng, s.length);
    const kind = int(rng, 4);
    if (kind === 0) s = s.slice(0, at) + s.slice(at + 1 + int(rng, 3));
    else if (kind === 1) s = s.slice(0, at) + MUTATION_CHARS[int(rng, MUTATION_CHARS.length - 1)] + s.slice(at);
    else if (kind === 2) s = s.slice(0, at) + String.fromCharCode(int(rng, 0xffff)) + s.slice(at + 1);
    else s = s.slice(0, at);
  }
  return s;
}

/** Deeply nested shapes: selections, list values, input objects, and unbalanced brackets. */
export function deepQuery(rng: Rng): string {
  const n = 13 + int(rng, pick(rng, [20, 200, 2000, 6000]));
  return pick<() => string>(rng, [
    () => `{ jurisdiction(code: "440300") { ${'parent { '.repeat(n)}code${' }'.repeat(n)} } }`,
    () => `{ jurisdictions(codes: ${'['.repeat(n)}"440300"${']'.repeat(n)}) { totalCount } }`,
    () =>
      `{ cells(jurisdictions: ${'{ codes: ['.repeat(n)}${'] }'.repeat(n)}, indicators: [], years: { from: 2022, to: 2022 }) { value } }`,
    () => `{ ${'a: jurisdiction(code: "440300") { '.repeat(n)}`,
    () =>
      `query Q { ...F } fragment F on Query { ${'jurisdiction(code: "440300") { children { '.repeat(Math.min(n, 3000))}code${' } }'.repeat(Math.min(n, 3000))} }`,
    () => `{ __schema { types { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } }`,
  ])();
}

/** Huge documents: many aliases, long strings, many fragments, many operations. */
export function hugeQuery(rng: Rng): string {
  const n = pick(rng, [1000, 5000, 20_000, 60_000]);
  return pick<() => string>(rng, [
    () => `{ ${Array.from({ length: n }, (_, i) => `a${i}: jurisdiction(code: "440300") { name }`).join(' ')} }`,
    () => `{ ${Array.from({ length: n }, () => 'jurisdiction(code: "440300") { name }').join(' ')} }`,
    () => `{ jurisdiction(code: "${'4'.repeat(n * 20)}") { name } }`,
    () => `${Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join('\n')}`,
    () => `{ indicators(search: "${'过程性'.repeat(n)}") { code } }`,
    () =>
      `query { ...F0 } ${Array.from({ length: Math.min(n, 5000) }, (_, i) => `fragment F${i} on Query { __typename ${i + 1 < Math.min(n, 5000) ? `...F${i + 1}` : ''} }`).join(' ')}`,
  ])();
}
