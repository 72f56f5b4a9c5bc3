import { describe, expect, it } from 'vitest';
import type { CodeBlock } from '../../ingest/blocks.ts';
import { commandsOf, toSnippet } from '../../ingest/snippets.ts';
import { blankElisions, checkYaml } from '../../ingest/yaml-check.ts';

const yaml = (text: string) => checkYaml([{ text, lineOffset: 0 }]);
const block = (language: string, code: string, outputIs: string | null = null): CodeBlock => ({ type: 'code', language, code, outputIs });

describe('checkYaml', () => {
  it('collects kinds from every document, including List items', () => {
    expect(yaml('kind: Gateway\n---\nkind: VirtualService\n---\n')).toEqual({ kinds: ['Gateway', 'VirtualService'], parseError: null });
    expect(yaml('kind: List\nitems:\n- kind: Service\n- kind: Deployment\n').kinds).toEqual(['List', 'Service', 'Deployment']);
  });

  it('reports syntax errors on one line with the line number', () => {
    const result = yaml('kind: VirtualService\nspec:\n  hosts: [a\n');
    expect(result.parseError).toMatch(/^YAML parse error at line \d+: /);
    expect(result.parseError).not.toContain('\n');
  });

  it('reports snippets without any mapping document', () => {
    expect(yaml('- a\n- b\n').parseError).toBe('YAML has no mapping documents');
    expect(yaml('').parseError).toBe('YAML has no mapping documents');
  });

  it('flags YAML whose indentation was stripped even when it parses', () => {
    const flat = yaml('trafficPolicy:\ntls:\nmode: ISTIO_MUTUAL');
    expect(flat.parseError).toMatch(/indentation lost: "trafficPolicy:" at line 1/);
    const flatResource = yaml('apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata:\nname: x\nspec:\nhost: reviews\n');
    expect(flatResource.kinds).toEqual(['DestinationRule']);
    expect(flatResource.parseError).toMatch(/indentation lost/);
    // A null spec with spec fields beside it is caught even without an empty container line.
    expect(yaml('kind: Gateway\nspec: {}\nservers: []\n').parseError).toMatch(/spec is empty while servers sit at top level/);
  });

  it('accepts valid YAML with empty values and sequences at the key indentation', () => {
    expect(yaml('kind: Service\nmetadata:\n  name: x\n  annotations:\nspec:\n  ports:\n  - port: 80\n').parseError).toBeNull();
  });

  it('treats indented ... and (... snip ...) lines as elisions, not syntax', () => {
    expect(blankElisions('a:\n  ...\n  (... snip ...)\n...\n')).toBe('a:\n  # elided\n  # elided\n...\n');
    expect(yaml('kind: VirtualService\nspec:\n  http:\n  - match:\n    ...\n').parseError).toBeNull();
  });

  it('survives alias bombs and oversized input without throwing', () => {
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(yaml(bomb).parseError).toMatch(/YAML parse error/);
    expect(yaml(`kind: X\nv: "${'x'.repeat(300 * 1024)}"`).parseError).toMatch(/larger than/);
  });
});

describe('toSnippet / commandsOf', () => {
  it('parses YAML outputs after a multi-line command and offsets error lines into the snippet', () => {
    const output = toSnippet(block('bash', '$ kubectl get dr x \\\n  -o yaml\nkind: DestinationRule\nspec: [\n', 'yaml'));
    expect(output.parseError).toMatch(/line (3|4|5):/);
    expect(output.kinds).toEqual(['DestinationRule']);
  });

  it('does not parse plain or JSON blocks as YAML', () => {
    expect(toSnippet(block('plain', 'kind: Foo\n'))).toMatchObject({ kinds: [], parseError: null });
    expect(toSnippet(block('command-output-as-json', '$ x\n{"kind": "Foo"}'))).toMatchObject({ kinds: [], parseError: null });
  });

  it('extracts prompted commands, joining continuations and skipping output', () => {
    const code = '$ kubectl -n istio-system \\\n    get pods\nNAME READY\n$ istioctl proxy-status\n# comment\n';
    expect(commandsOf(block('command', code))).toEqual(['kubectl -n istio-system get pods', 'istioctl proxy-status']);
    expect(commandsOf(block('yaml', '$ not a command'))).toEqual([]);
    expect(commandsOf(block('bash', 'cat <<EOF | kubectl apply -f -\nkind: X\nEOF'))).toEqual([]);
  });
});
