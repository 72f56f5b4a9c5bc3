// The shared diagnose input checks, below the transports.
import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../../src/rules/result.ts';
import { checkSomethingToJudge, describeVersions, isBlankYaml, knownVersions } from '../../src/services/diagnose-input.ts';
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

describe('checkSomethingToJudge', () => {
  const nothing = { resourceCount: 0, parseErrors: [], notes: [] } as unknown as EngineResult;
  const refusal = (manifests: Parameters<typeof checkSomethingToJudge>[1]): string => {
    try {
      checkSomethingToJudge(nothing, manifests);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it('calls an empty file empty', () => {
    expect(refusal([{ file: 'k8s/a.yaml', text: '\n---\n' }])).toBe('k8s/a.yaml is empty: there is nothing to diagnose.');
    expect(refusal([{ file: '<stdin>', text: '' }])).toBe('Standard input is empty: there is nothing to diagnose.');
  });

  // audit9: piomin/sample-istio-services keeps callme-service/k8s/security.yaml with its
  // AuthorizationPolicy commented out line by line; "is empty" sent the reader looking for a truncated file.
  it('says a file whose objects are all commented out holds only comments', () => {
    const disabled = '#apiVersion: security.istio.io/v1beta1\n#kind: AuthorizationPolicy\n#metadata:\n#  name: allow-v1-only\n';
    expect(refusal([{ file: 'k8s/security.yaml', text: disabled }])).toBe(
      'k8s/security.yaml holds only comments: there is nothing to diagnose (an object commented out is not applied).',
    );
    expect(refusal([{ file: 'a.yaml', text: '' }, { file: 'b.yaml', text: disabled }])).toBe(
      'The manifests hold only comments: there is nothing to diagnose (an object commented out is not applied).',
    );
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
