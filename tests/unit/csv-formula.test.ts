import { neutraliseFormula } from '../../src/rollups/cells.export';

/** OWASP's CSV-injection rule: text a spreadsheet would run (= + - @, tab, carriage return first) gets a leading apostrophe. */
describe('neutraliseFormula', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1+cmd|/C calc', "'+1+cmd|/C calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['深圳市', '深圳市'],
    ['https://www.pingtan.gov.cn/a.htm', 'https://www.pingtan.gov.cn/a.htm'],
    ['zero denominator', 'zero denominator'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('%j → %j', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });
});
