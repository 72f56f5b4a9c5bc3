// The shared diagnose input checks, below the transports.
import { describe, expect, it } from 'vitest';
import { describeVersions, isBlankYaml, knownVersions } from '../../src/services/diagnose-input.ts';
import { KNOWN_ISTIO_VERSIONS } from '../../src/services/diagnose.ts';

describe('isBlankYaml', () => {
  it.each([
    ['', true],
    ['\n\n  \t\n', true],
    ['# only a comment\n---\n...\n--- # a marker with a comment\n', true],
    ['foo: bar', false],
    ['---\nkind: Service\n', false],
    ['  # comment\n  x', false],
  ])('%j -> %s', (text, blank) => {
    expect(isBlankYaml(text)).toBe(blank);
  });

  it('is linear on whitespace-heavy input (a backtracking pattern would never return here)', () => {
    expect(isBlankYaml(`${' \n'.repeat(500_000)}x`)).toBe(false);
    expect(isBlankYaml(' \n'.repeat(500_000))).toBe(true);
  });
});

describe('known versions', () => {
  it('are 0.8 and 1.0 to 1.25, plus doc versions of the knowledge base, described compactly', () => {
    expect(KNOWN_ISTIO_VERSIONS[0]).toBe('0.8');
    expect(KNOWN_ISTIO_VERSIONS.at(-1)).toBe('1.25');
    expect(describeVersions(knownVersions([], KNOWN_ISTIO_VERSIONS))).toBe('0.8, 1.0–1.25');
    expect(describeVersions(knownVersions(['1.27', '1.0'], KNOWN_ISTIO_VERSIONS))).toBe('0.8, 1.0–1.25, 1.27');
  });
});
