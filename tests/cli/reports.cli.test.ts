import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { runReports } from '../../src/curation/reports.command';
import { runImport } from '../../src/ingestion/import.command';
import { useCliSandbox } from '../support/cli';
import { FIXTURES } from '../support/fixtures';

/** `npm run ogi -- reports …` in-process, as a user reads it: the list, one report with its history, the log, and its refusals. */
const cli = useCliSandbox('ogi-reports-', { captureConsoleLog: true });
const { out, err } = cli;

it('lists, corrects, withdraws, restores and shows the trail', async () => {
  const file = path.join(cli.dir, 'pingtan-2022.txt');
  copyFileSync(path.join(FIXTURES, 'complete', 'pingtan-2022.src.txt'), file);
  expect(await runImport(['--scope', 'OWN', file])).toBe(0);

  expect(await runReports(['set', '1', '--scope', 'SUMMARY', '--reason', 'the report sums 各有关单位'])).toBe(0);
  expect(err.join('')).toContain(
    'CORRECTED report 1 corrected: report 2 (revision 2) now answers: 平潭综合实验区管委会 (350128) 2022 SUMMARY, revision 2, CURRENT\n  scope: OWN → SUMMARY',
  );
  expect(await runReports(['withdraw', '2', '--reason', 'publisher withdrew it'])).toBe(0);
  expect(err.join('')).toContain(
    'WITHDRAWN report 2 withdrawn: 平潭综合实验区管委会 (350128) 2022 SUMMARY, revision 2, WITHDRAWN «publisher withdrew it»',
  );

  out.length = 0;
  expect(await runReports(['list'])).toBe(0);
  expect(out.join('')).toBe('id  status  jurisdiction  year  organ  scope  rev  values  source\n');
  out.length = 0;
  expect(await runReports(['list', '--all'])).toBe(0);
  expect(out.join('')).toMatch(/^1 +SUPERSEDED +350128 +2022 +平潭综合实验区管委会 +OWN +1 +201$/m);
  expect(out.join('')).toMatch(/^2 +WITHDRAWN +350128 +2022 +平潭综合实验区管委会 +SUMMARY +2 +201$/m);

  expect(await runReports(['restore', '2', '--reason', 'republished'])).toBe(0);
  out.length = 0;
  expect(await runReports(['show', '2'])).toBe(0);
  const shown = out.join('');
  expect(shown).toMatch(/^report 2: 平潭综合实验区管委会 \(350128\) 2022 SUMMARY, revision 2, CURRENT$/m);
  expect(shown).toMatch(/^ {2}201 values, 201 cells, 0 missing part\(s\)$/m);
  const history = shown.slice(shown.indexOf('history:')).trim().split('\n').slice(1);
  expect(history.map((l) => l.replace(/ \d{4}-\d\d-\d\dT[\d:.]+Z /, ' … '))).toEqual([
    `  #1 … IMPORT by cli: reports — → 1; file ${file}`,
    '  #2 … CORRECT by cli: reports 1 → 2; scope OWN → SUMMARY; «the report sums 各有关单位»',
    '  #3 … WITHDRAW by cli: reports 2 → —; «publisher withdrew it»',
    '  #4 … RESTORE by cli: reports — → 2; «republished»',
  ]);

  out.length = 0;
  err.length = 0;
  expect(await runReports(['audit', '--report', '1', '--first', '1'])).toBe(0);
  expect(out.join('')).toMatch(/^ {2}#2 .* CORRECT by cli/);
  expect(err.join('')).toContain('1 of 2 entries');
});

it.each([
  [['set', '1', '--scope', 'SUMMARY', '--reason', 'x'], 1, 'NOT_FOUND: There is no report 1'],
  [['withdraw', '1'], 2, 'BAD_USER_INPUT: a reason is required'],
  [['set', '1', '--scope', 'ALL', '--reason', 'x'], 2, 'BAD_USER_INPUT: --scope must be OWN or SUMMARY'],
  [['set', '1', '--reason', 'x'], 2, 'BAD_USER_INPUT: Nothing to change'],
  [['set', 'one', '--scope', 'OWN'], 2, 'a report id is a positive whole number'],
  [['set', '--scope', 'OWN'], 2, 'reports set takes one report id'],
  [['withdraw', '1', '--scope', 'OWN', '--reason', 'x'], 2, 'reports withdraw takes no --scope'],
  [['list', '5'], 2, 'reports list takes no 5'],
  [['erase', '1'], 2, 'npm run ogi -- reports <command>'],
])('reports %j exits %i: %s', async (argv, status, message) => {
  expect(await runReports(argv)).toBe(status);
  expect(err.join('')).toContain(message);
});
