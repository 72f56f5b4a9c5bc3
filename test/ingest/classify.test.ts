import { describe, expect, it } from 'vitest';
import type { Block } from '../../ingest/blocks.ts';
import { classifySection, classifySentence, isProblemHeading } from '../../ingest/classify.ts';

const p = (text: string, listId: number | null = null): Block => ({ type: 'text', kind: listId === null ? 'p' : 'li', text, inlineCodes: [], listId });
const code: Block = { type: 'code', language: 'yaml', code: 'kind: X', outputIs: null };

describe('classifySentence', () => {
  it.each([
    ['If requests start generating HTTP 503 errors, check the rule.', 'fix'],
    ['In this situation you will notice that requests are not directed to subset v1.', 'symptom'],
    ['Requests fail with a connection reset.', 'symptom'],
    ['The request is rejected by the gateway.', 'symptom'],
    ['This is caused by a missing subset.', 'cause'],
    ['The DestinationRule is probably causing a TLS conflict.', 'cause'],
    ['Otherwise, the mode defaults to DISABLE.', 'cause'],
    ['This occurs when the sidecar starts late.', 'cause'],
    ['Host merging is not supported in sidecars.', 'cause'],
    ['Envoy requires HTTP/1.1 or HTTP/2 traffic.', 'cause'],
    ['Only the first definition is used.', 'cause'],
    ['Update the DestinationRule to add the subset.', 'fix'],
    ['First, edit your istio configuration to disable mutual TLS.', 'fix'],
    ['To fix this, set the port name.', 'fix'],
    ['You should build resilience into your application.', 'fix'],
    ['Make sure the ports are named.', 'fix'],
    ['The solution is to rename the port.', 'fix'],
  ] as const)('%s -> %s', (sentence, bucket) => {
    expect(classifySentence(sentence)).toBe(bucket);
  });

  it('leaves un-cued and pointer sentences unclassified', () => {
    expect(classifySentence('Istio has a control plane.')).toBeNull();
    expect(classifySentence('See Route rules have no effect on ingress gateway requests for details.')).toBeNull();
    expect(classifySentence('You should only see this error if you disabled automatic mutual TLS.')).toBeNull();
  });
});

describe('isProblemHeading', () => {
  it.each([
    ['503 errors after setting destination rule', true],
    ['Route rules have no effect on my application', true],
    ['Envoy won’t connect to my HTTP/1.0 service', true],
    ['Headless TCP services losing connection', true],
    ['Requests are rejected by Envoy', true],
    ['Configuring multiple TLS hosts in a gateway', false],
    ['Set default routes for services', false],
  ])('%s -> %s', (title, expected) => {
    expect(isProblemHeading(title)).toBe(expected);
  });
});

describe('classifySection', () => {
  it('takes a list after a fix cue as ordered fix steps, whatever the item wording', () => {
    const result = classifySection('Avoid 503 errors', [
      p('Follow these steps:'),
      p('When adding subsets:', 0),
      p('Update the rule.', 0),
      p('Wait a few seconds.', 0),
      p('Istio has a control plane.'),
      p('There is one caveat.', 1),
    ]);
    expect(result.fixes).toEqual(['Follow these steps:', 'When adding subsets:', 'Update the rule.', 'Wait a few seconds.']);
    expect(result.symptoms).toEqual(['Avoid 503 errors']);
  });

  it('does not treat a list after a non-fix paragraph as fixes', () => {
    expect(classifySection('Merging', [p('There are caveats:'), p('The order is undefined.', 0)]).fixes).toEqual([]);
  });

  it('falls back to an imperative closing paragraph only', () => {
    expect(classifySection('Title', [p('Intro.'), code, p('Build the image again with the flag.')]).fixes).toEqual(['Build the image again with the flag.']);
    expect(classifySection('Title', [p('Intro.'), code, p('The pods restart afterwards.')]).fixes).toEqual([]);
    expect(classifySection('Title', [p('Restart the pod.'), code]).fixes).toEqual(['Restart the pod.']);
  });
});
