import {
  applyChanges,
  changesOf,
  losesValues,
  reasonProblem,
  yearContradiction,
  type MetadataField,
  type ReportMetadata,
} from '../../src/curation/curation.rules';

const STORED: ReportMetadata = {
  jurisdiction: '350128',
  year: 2022,
  organ: '平潭综合实验区管委会',
  organKind: 'GOVERNMENT',
  scope: 'OWN',
  sourceUrl: 'https://example.org/a',
};

describe('a correction changes the fields given that differ, and only those', () => {
  it.each<[string, Partial<ReportMetadata>, MetadataField[], [string, unknown, unknown][]]>([
    ['nothing given', { scope: 'SUMMARY', year: 2023 }, [], []],
    ['a field given that differs', { scope: 'SUMMARY' }, ['scope'], [['scope', 'OWN', 'SUMMARY']]],
    ['a field given as stored', { scope: 'OWN' }, ['scope'], []],
    [
      'a field that differs but was not given (read from the text) is not a change',
      { scope: 'SUMMARY', year: 2023 },
      ['year'],
      [['year', 2022, 2023]],
    ],
    [
      'several, in a fixed order',
      { year: 2023, jurisdiction: '350100', sourceUrl: 'https://example.org/b' },
      ['sourceUrl', 'year', 'jurisdiction'],
      [
        ['jurisdiction', '350128', '350100'],
        ['year', 2022, 2023],
        ['sourceUrl', 'https://example.org/a', 'https://example.org/b'],
      ],
    ],
    [
      'a source URL given where none was stored',
      { sourceUrl: 'https://example.org/b' },
      ['sourceUrl'],
      [['sourceUrl', 'https://example.org/a', 'https://example.org/b']],
    ],
  ])('%s', (_name, wanted, given, expected) => {
    const changes = changesOf(STORED, wanted, given);
    expect(changes.map((c) => [c.field, c.before, c.after])).toEqual(expected);
    expect(applyChanges(STORED, changes)).toEqual({ ...STORED, ...Object.fromEntries(expected.map(([f, , after]) => [f, after])) });
  });
});

describe('a revision loses values when it keeps fewer than half', () => {
  it.each([
    [200, 0, true],
    [200, 16, true],
    [200, 99, true],
    [200, 100, false],
    [200, 190, false],
    [200, 250, false],
    [0, 0, false],
    [0, 10, false],
    [1, 0, true],
  ])('%i values → %i: %s', (before, after, loses) => {
    expect(losesValues(before, after)).toBe(loses);
  });
});

describe('reasons', () => {
  it.each([
    ['none needed, none given', {}, false, null],
    ['required, missing', {}, true, /a reason is required/],
    ['required, blank', { reason: '   ' }, true, /a reason is required/],
    ['required, given', { reason: 'title misprinted' }, true, null],
    ['force without one', { force: true }, false, /force needs a reason/],
    ['force with one', { force: true, reason: 'title misprinted' }, false, null],
    ['too long', { reason: 'x'.repeat(1001) }, false, /at most 1,000/],
  ] as const)('%s', (_name, options, required, problem) => {
    const found = reasonProblem(options, required);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe("a year given against the title's", () => {
  it.each([
    [2022, undefined, null],
    [2022, 2022, null],
    [null, 2023, null],
    [2022, 2023, "the year given (2023) is not the year the report's title states (2022)"],
  ])('title %s, given %s', (textYear, given, contradiction) => {
    expect(yearContradiction(textYear, given)).toBe(contradiction);
  });
});
