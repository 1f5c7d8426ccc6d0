import { loadConfig, parseCorsOrigins } from '../../src/config';

describe('OGI_CORS_ORIGINS', () => {
  it.each([
    ['nothing: any origin', '', '*'],
    ['*', '*', '*'],
    ['* with spaces', ' * ', '*'],
    ['one origin', 'https://dash.example.org', ['https://dash.example.org']],
    [
      'a list with a port and a trailing slash',
      'https://dash.example.org, http://localhost:5173/',
      ['https://dash.example.org', 'http://localhost:5173'],
    ],
  ])('%s', (_name, raw, expected) => {
    const problems: string[] = [];
    expect(parseCorsOrigins(raw, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it.each([
    ['a path', 'https://dash.example.org/app'],
    ['no scheme', 'dash.example.org'],
    ['another scheme', 'ftp://dash.example.org'],
    ['* inside a list', '*,https://dash.example.org'],
  ])('refuses %s at start-up, naming the entry', (_name, raw) => {
    expect(() => loadConfig({ OGI_CORS_ORIGINS: raw })).toThrow(/OGI_CORS_ORIGINS must be \* or a comma-separated list of origins/);
  });

  it('is * by default', () => {
    expect(loadConfig({}).corsOrigins).toBe('*');
  });
});
