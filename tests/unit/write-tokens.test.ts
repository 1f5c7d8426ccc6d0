import { loadConfig, parseWriteTokens } from '../../src/config';

describe('OGI_WRITE_TOKENS', () => {
  it.each([
    ['nothing', '', []],
    [
      'a bare token, named by its position (as before names existed)',
      'abcdefghijklmnop0123',
      [{ name: 'token-1', token: 'abcdefghijklmnop0123' }],
    ],
    [
      'named tokens',
      'alice:abcdefghijklmnop0123, bob:qrstuvwxyz0123456789',
      [
        { name: 'alice', token: 'abcdefghijklmnop0123' },
        { name: 'bob', token: 'qrstuvwxyz0123456789' },
      ],
    ],
    [
      'both kinds',
      'ci-import:abcdefghijklmnop0123,qrstuvwxyz0123456789',
      [
        { name: 'ci-import', token: 'abcdefghijklmnop0123' },
        { name: 'token-2', token: 'qrstuvwxyz0123456789' },
      ],
    ],
    [
      'a token with a colon after something that is no name',
      'a b:abcdefghijklmnop0123',
      [{ name: 'token-1', token: 'a b:abcdefghijklmnop0123' }],
    ],
  ])('%s', (_name, raw, expected) => {
    const problems: string[] = [];
    expect(parseWriteTokens(raw, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it.each([
    ['a short token', 'alice:short', /entry 1 \(alice\) must be at least 16 characters/],
    ['a name given twice', 'alice:abcdefghijklmnop0123,alice:qrstuvwxyz0123456789', /names two tokens "alice"/],
    ['a token given twice', 'alice:abcdefghijklmnop0123,bob:abcdefghijklmnop0123', /gives the token of entry 2 \(bob\) twice/],
  ])('refuses %s, naming the entry but never the token', (_name, raw, problem) => {
    expect(() => loadConfig({ OGI_WRITE_TOKENS: raw })).toThrow(problem);
    try {
      loadConfig({ OGI_WRITE_TOKENS: raw });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/abcdefghijklmnop0123|short/);
    }
  });
});
