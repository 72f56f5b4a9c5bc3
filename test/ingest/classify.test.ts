import { describe, expect, it } from 'vitest';
import type { Block } from '../../ingest/blocks.ts';
import { classifySection, classifySentence, isProblemHeading, symptomAndCause } from '../../ingest/classify.ts';

const p = (text: string, listId: number | null = null): Block => ({ type: 'text', kind: listId === null ? 'p' : 'li', text, inlineCodes: [], listId });
const code: Block = { type: 'code', language: 'yaml', code: 'kind: X', outputIs: null };

describe('classifySentence', () => {
  it.each([
    ['If requests start generating HTTP 503 errors, check the rule.', 'fix'],
    ['In this situation you will notice that requests are not directed to subset v1.', 'symptom'],
    ['Requests fail with a connection reset.', 'symptom'],
    ['In such cases you’ll see an error about no endpoints available.', 'symptom'],
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
    ['If istio-citadel is deployed, Envoy is restarted every 45 days to refresh certificates.', 'cause'],
    ['Pilot pushes the configuration to every sidecar periodically.', 'cause'],
    ['The following configuration would only allow requests that match *.example.com in the SNI:', 'cause'],
    ['The activation of subset-specific policies depends on route rule evaluation.', 'cause'],
    ['Automatic sidecar injection will be ignored for pods in these namespaces.', 'cause'],
    ['This causes the disconnection of TCP streams.', 'symptom'],
    ['This can cause high CPU usage, even when Envoy is idle.', 'symptom'],
    ['With these settings, Sidecar injection fails.', 'symptom'],
    ['In order to bring the CPU usage down, increase the refresh interval.', 'fix'],
    ['We consider a best practice to set a default route for every service.', 'fix'],
    ['One workaround is to remove the proxy settings from the manifest.', 'fix'],
    ['However any other container in the same pod will see all the packets, since the network namespace is shared.', 'fix'],
  ] as const)('%s -> %s', (sentence, bucket) => {
    expect(classifySentence(sentence)).toBe(bucket);
  });

  it('leaves un-cued and pointer sentences unclassified', () => {
    expect(classifySentence('Istio has a control plane.')).toBeNull();
    expect(classifySentence('See Route rules have no effect on ingress gateway requests for details.')).toBeNull();
    expect(classifySentence('You should only see this error if you disabled automatic mutual TLS.')).toBeNull();
    expect(classifySentence('This works because this way the retry policy is configured for the client proxy.')).toBeNull();
    expect(classifySentence('This is needed because the proxy starts after the application.')).toBeNull();
    expect(classifySentence('With Istio, you can enable authentication for end users through request authentication policies.')).toBeNull();
  });
});

describe('symptomAndCause', () => {
  it.each([
    ['If requests start generating HTTP 503 errors after a change, then the rule is probably causing a conflict.', 'Requests start generating HTTP 503 errors after a change.', 'The rule is probably causing a conflict.'],
    ['Tcpdump doesn’t work in the sidecar pod - the container doesn’t run as root.', 'Tcpdump doesn’t work in the sidecar pod.', 'The container doesn’t run as root.'],
    ['x509: certificate signed by unknown authority errors are typically caused by an empty caBundle.', 'x509: certificate signed by unknown authority errors.', 'An empty caBundle.'],
  ])('%s', (sentence, symptom, cause) => {
    expect(symptomAndCause(sentence)).toEqual({ symptom, cause });
  });

  it.each([
    ['If requests start generating HTTP 503 errors, check the rule.'],
    ['If you use a gateway, then the rule is probably causing a conflict.'],
    ['Requests fail with a reset - update the DestinationRule to add the subset.'],
    ['Istio has a control plane - it runs istiod.'],
    ['Many traffic management problems are caused by incorrect TLS configuration.'],
    ['This is caused by a missing subset.'],
  ])('leaves %j whole', (sentence) => {
    expect(symptomAndCause(sentence)).toBeNull();
  });
});

describe('isProblemHeading', () => {
  it.each([
    ['503 errors after setting destination rule', true],
    ['Route rules have no effect on my application', true],
    ['Envoy won’t connect to my HTTP/1.0 service', true],
    ['Headless TCP services losing connection', true],
    ['Requests are rejected by Envoy', true],
    ['Cluster is not scaled down automatically', true],
    ['The result of sidecar injection was not what I expected', true],
    ['Invalid configuration is accepted', true],
    ['No traces appearing in Zipkin when running Istio locally on Mac', true],
    ['What Envoy version is Istio using?', true],
    ['Cross-namespace configuration sharing', false],
    ['Ensure authorization is enabled correctly', false],
    ['Ports used by Istio', false],
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

  it('takes the items, not an announcing lead, as the fixes', () => {
    const result = classifySection('Ensure it works', [p('The following steps help you ensure the proxy is working as expected:'), p('Run the command.', 0), p('Check the output.', 0)]);
    expect(result.fixes).toEqual(['Run the command.', 'Check the output.']);
    const led = classifySection('Protocols', [p('Because TLS is not server first, it works as long as you make sure that traffic is encrypted:'), p('Configure STRICT mode.', 0)]);
    expect(led.causes).toEqual([]);
    expect(led.fixes).toEqual(['Configure STRICT mode.']);
  });

  it('keeps a lead announcing steps when no list follows', () => {
    expect(classifySection('T', [p('The following steps help you ensure the proxy works:'), code]).fixes).toEqual(['The following steps help you ensure the proxy works:']);
  });

  it('does not treat a list after a non-fix paragraph as fixes', () => {
    expect(classifySection('Merging', [p('There are caveats:'), p('The order is undefined.', 0)]).fixes).toEqual([]);
  });

  it('makes the sentence before a stated consequence its cause', () => {
    const result = classifySection('Connections drop', [p('Istio rotates the certificates of the workloads. This causes the disconnection of TCP streams.')]);
    expect(result.causes).toEqual(['Istio rotates the certificates of the workloads.']);
    expect(result.symptoms).toEqual(['This causes the disconnection of TCP streams.']);
  });

  it.each([
    ['This can be accomplished in a few simple steps:'],
    ['Here are some of the ways to avoid this 503 error:'],
    ['Because TLS is not server first, it works as long as you make sure that all traffic is encrypted:'],
  ])('takes the whole list after the lead %j as fixes', (lead) => {
    const result = classifySection('Title', [p(lead), p('Create a pod:', 0), code, p('Test connectivity with curl.', 0), p('The answer lists the hosts.', 0)]);
    expect(result.fixes).toEqual(expect.arrayContaining(['Create a pod:', 'Test connectivity with curl.', 'The answer lists the hosts.']));
  });

  it('falls back to an imperative closing paragraph only', () => {
    expect(classifySection('Title', [p('Intro.'), code, p('Build the image again with the flag.')]).fixes).toEqual(['Build the image again with the flag.']);
    expect(classifySection('Title', [p('Intro.'), code, p('The pods restart afterwards.')]).fixes).toEqual([]);
    expect(classifySection('Title', [p('Restart the pod.'), code]).fixes).toEqual(['Restart the pod.']);
  });
});
