import { describe, expect, it } from 'vitest';
import { characterTypeWarning, readCharacterTypeWarning } from '../../src/db/postgres/character-type.ts';

describe('characterTypeWarning', () => {
  it.each([
    ['C.UTF-8', false],
    ['en_US.utf8', false],
    ['de_DE.UTF-8', false],
    ['C', true],
    ['POSIX', true],
    ['en_US.ISO-8859-1', true],
    ['', true],
  ])('LC_CTYPE=%s: warning %s', (ctype, warns) => {
    const warning = characterTypeWarning(ctype);
    if (!warns) return expect(warning).toBeNull();
    expect(warning).toContain(`LC_CTYPE=${ctype || '(empty)'}`);
    expect(warning).toMatch(/UTF-8 character type/);
  });
});

describe('readCharacterTypeWarning', () => {
  it('reads LC_CTYPE through the client', async () => {
    const client = { query: async () => ({ rows: [{ lc_ctype: 'C' }] }) };
    expect(await readCharacterTypeWarning(client as never)).toContain('LC_CTYPE=C');
  });

  it('turns a failed read into a warning instead of failing the start', async () => {
    const client = {
      query: async () => {
        throw new Error('permission denied for parameter lc_ctype');
      },
    };
    const warning = await readCharacterTypeWarning(client as never);
    expect(warning).toMatch(/could not read the knowledge base's LC_CTYPE \(permission denied for parameter lc_ctype\)/);
  });
});
