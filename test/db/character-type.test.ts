import { describe, expect, it } from 'vitest';
import { characterTypeWarning } from '../../src/db/postgres/character-type.ts';

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
