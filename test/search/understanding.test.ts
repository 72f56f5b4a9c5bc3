import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/search/edit-distance.ts';
import { DEFINITION_WEIGHT, definedCodes, ErrorIndexBuilder, OUTPUT_LINE_WEIGHT, outputLinesOf } from '../../src/search/error-index.ts';
import { errorSignature, errorSimilarity, looksLikeErrorLine, normalizeErrorText } from '../../src/search/error-line.ts';
import { applyCorrections, parseQuery } from '../../src/search/query.ts';
import { expandSynonyms, SYNONYM_GROUPS } from '../../src/search/synonyms.ts';
import { identifiers, stem, words } from '../../src/search/text.ts';
import { correctWord, likeliestSlips, slipRank, type Vocabulary } from '../../src/search/typo.ts';

function vocabulary(list: Record<string, number>): Vocabulary {
  const sorted = Object.keys(list).sort();
  return {
    documentFrequency: (w) => list[w] ?? 0,
    wordsOfLength: (n) => sorted.filter((w) => w.length === n),
    hasWordStartingWith: (p) => sorted.some((w) => w.startsWith(p)),
  };
}

const VOCAB = vocabulary({ destination: 40, rule: 50, sidecar: 30, injection: 20, virtual: 25, service: 90, ingress: 12, gateway: 33, envoy: 44, version: 30, tcpdump: 3, authorization: 20, permissive: 9, connection: 9 });

describe('synonyms', () => {
  it.each([
    ['503', ['service unavailable', 'upstream connect error']],
    ['service unavailable', ['503']],
    ['upstream connect error', ['503']],
    ['mtls', ['mutual tls', 'istio mutual']],
    ['mutual tls', ['mtls']],
    ['ISTIO_MUTUAL', ['mtls', 'mutual tls']],
    ['VS', ['virtualservice', 'virtual service']],
    ['VirtualService', ['vs']],
    ['DR', ['destinationrule', 'destination rule']],
    ['destination rule', ['dr', 'destinationrule']],
    ['SE', ['serviceentry', 'service entry']],
    ['ServiceEntry', ['se']],
    ['Pilot', ['istiod', 'istio pilot']],
    ['istiod', ['pilot']],
    ['istio-pilot', ['pilot', 'istiod']],
    ['sidecar', ['envoy', 'istio proxy']],
    ['Envoy', ['sidecar']],
    ['istio-proxy', ['sidecar', 'envoy']],
    ['gateway', ['ingressgateway']],
    ['ingressgateway', ['gateway']],
  ])('%s expands to %j (both directions)', (text, expected) => {
    const alternatives = expandSynonyms(words(text)).flatMap((e) => e.alternatives.map((a) => a.join(' ')));
    for (const e of expected) expect(alternatives).toContain(e);
  });

  it('keeps the data small and every member a plain word sequence', () => {
    expect(SYNONYM_GROUPS.length).toBeLessThan(40);
    for (const group of SYNONYM_GROUPS) {
      expect(group.length).toBeGreaterThan(1);
      for (const member of group) expect(words(member).join(' ')).toBe(member);
    }
  });

  it('does not expand words that only contain a member', () => {
    expect(expandSynonyms(words('versus dress'))).toEqual([]);
  });
});

describe('error-line normalisation', () => {
  it('replaces values that differ between clusters with placeholders', () => {
    const a = normalizeErrorText('dial tcp 10.96.44.51:443: connect: connection refused');
    const b = normalizeErrorText('dial tcp 10.100.3.17:15017: connect: connection refused');
    expect(a).toEqual(b);
    expect(a).toContain('⟨ip⟩');
  });

  it('normalises timestamps, hosts, URLs, numbers and generated pod suffixes', () => {
    const tokens = normalizeErrorText('2021-04-23T20:43:18.552910Z replicaset/curl-9454cc476 Post https://istiod.istio-system.svc:443/inject took 35ms');
    expect(tokens).toEqual(['⟨ts⟩', 'replicaset', 'curl', '⟨id⟩', 'post', '⟨host⟩', 'inject', 'took', '⟨n⟩']);
  });

  it.each([
    ['two spaces', '  '],
    ['a newline (a terminal wrapped the line)', '\n'],
    ['a tab', '\t'],
  ])('reads a timestamp whose date and time are apart by %s as one', (_, gap) => {
    const line = (sep: string) => `[2019-03-02${sep}11:42:07.913][88][critical][assert] assert failure: fd_ != -1`;
    expect(normalizeErrorText(line(gap))).toEqual(normalizeErrorText(line(' ')));
    expect(normalizeErrorText(line(gap))[0]).toBe('⟨ts⟩');
    const words = (sep: string) => parseQuery(line(sep)).words;
    expect(words(gap)).toEqual(words(' '));
    expect(words(gap)).not.toContain('2019');
  });

  it('matches a pasted line with other values to the quoted message, and not unrelated ones', () => {
    const quoted = errorSignature('2018-09-14T19:02:31.916960Z info model skipping server on gateway mygateway2 port https.443.HTTPS: non unique port name for HTTPS port');
    const pasted = errorSignature('2024-02-11T08:15:42Z info model skipping server on gateway shop-gw port https.443.HTTPS: non unique port name for HTTPS port');
    const other = errorSignature('x509: certificate signed by unknown authority');
    expect(errorSimilarity(pasted, quoted)).toBeGreaterThan(0.8);
    expect(errorSimilarity(pasted, other)).toBe(0);
  });

  it('matches a short message fully contained in a longer pasted text', () => {
    const sim = errorSimilarity(errorSignature('RBAC: access denied (from curl)'), errorSignature('RBAC: Access Denied'));
    expect(sim).toBeGreaterThan(0.6);
  });

  it('tells pasted lines from questions', () => {
    expect(looksLikeErrorLine('curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number')).toBe(true);
    expect(looksLikeErrorLine('dial tcp 10.0.0.1:443: connect: connection refused')).toBe(true);
    expect(looksLikeErrorLine('x509 certificate error when creating configuration')).toBe(false);
    expect(looksLikeErrorLine('503 after I created a destination rule')).toBe(false);
  });

  it('matches a pasted line to the sample output of a command, and a question not', () => {
    const code = [
      '$ istioctl proxy-config secret curl-8f795f47d-4s4t7',
      'RESOURCE NAME     TYPE           STATUS     VALID CERT     SERIAL NUMBER',
      'default           Cert Chain     ACTIVE     true           138092480869518152837211547060273851586     2020-11-11T16:39:48Z',
      'NAME              READY          42',
    ].join('\n');
    expect(outputLinesOf(code)).toHaveLength(3);
    const builder = new ErrorIndexBuilder();
    for (const line of outputLinesOf(code)) builder.add(7, line, OUTPUT_LINE_WEIGHT, true);
    const index = builder.build();
    // NAME READY 42: too few words to match on its own.
    expect(index.size).toBe(2);
    const pasted = 'default     Cert Chain     ACTIVE     false     21958309182734455038226177163812945     2024-03-02T10:11:12Z';
    expect(looksLikeErrorLine(pasted)).toBe(true);
    expect(index.match(errorSignature(pasted), 0.4, true).get(7)).toBeGreaterThan(0.5);
    expect(index.match(errorSignature('default cert chain active'), 0.4, false).size).toBe(0);
    // Two access-log lines share their format's words (GET, HTTP, curl), not their meaning.
    const logs = new ErrorIndexBuilder();
    logs.add(9, '[2018-07-04T19:13:39.755Z] "GET /ip HTTP/1.1" 401 - 0 29 0 - "-" "curl/7.35.0" "e8374005-1957-99e4-96b6-9d6ec5bef396"', OUTPUT_LINE_WEIGHT, true);
    const denied = '"GET /status/200 HTTP/1.1" 403 - rbac_access_denied_matched_policy[none] - "-" 0 19 0 - "-" "curl/7.85.0"';
    expect(logs.build().match(errorSignature(denied), 0.4, true).size).toBe(0);
  });

  it('explains a pasted line by the guideline that defines one of its codes (an Envoy response flag)', () => {
    const paragraphs = ['Common response flags are:', 'NR: No route configured, check your DestinationRule or VirtualService.', 'UO: Upstream overflow with circuit breaking.'];
    expect(definedCodes(paragraphs)).toEqual(['NR', 'UO']);
    expect(definedCodes(['NOTE: Istio 1.5 changed this.', 'Then run the command.', 'WARNING: it restarts pods.'])).toEqual([]);
    const builder = new ErrorIndexBuilder();
    for (const code of definedCodes(paragraphs)) builder.addDefinition(3, code);
    const index = builder.build();
    const line = '"GET /productpage HTTP/1.1" 404 NR route_not_found - "-" 0 0 0 - "10.0.3.4" "Mozilla/5.0"';
    const q = parseQuery(line);
    expect(q.errorLine).toBe(true);
    expect(q.codes).toContain('NR');
    expect(index.match(q.error, 0.4, true, q.codes).get(3)).toBe(DEFINITION_WEIGHT);
    // Only a pasted line, and only the code as written: "nr" in a question is no code.
    expect(index.match(q.error, 0.4, false, q.codes).size).toBe(0);
    expect(parseQuery('what does nr mean in the access log').codes).toEqual([]);
  });
});

describe('typo correction', () => {
  it('bounded edit distance counts a transposition as one edit', () => {
    expect(editDistance('virtaul', 'virtual')).toBe(1);
    expect(editDistance('destnation', 'destination')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });

  it.each([
    ['destnation', 'destination'],
    ['sidcar', 'sidecar'],
    ['virtaul', 'virtual'],
    ['ingres', 'ingress'],
    ['enovy', 'envoy'],
    ['authorizaton', 'authorization'],
    ['permisive', 'permissive'],
    ['conection', 'connection'],
  ])('corrects %s to %s', (typo, fix) => {
    expect(correctWord(typo, VOCAB)).toBe(fix);
  });

  it('prefers the likeliest slip among corrections as near as each other, then the more common word', () => {
    const vocab = vocabulary({ losing: 3, looking: 40, second: 6, send: 30, scaling: 5, calling: 50 });
    expect(correctWord('loosing', vocab)).toBe('losing'); // a letter doubled, not o -> k
    expect(correctWord('secnd', vocab)).toBe('second'); // a vowel left out, not an extra c
    expect(correctWord('scalling', vocab)).toBe('scaling'); // not a different first letter
    expect(slipRank('enovy', 'envoy')).toBe(0);
    expect(slipRank('gives', 'given')).toBe(1);
  });

  it('leaves known, short, numeric and far-off words alone', () => {
    expect(correctWord('envoy', VOCAB)).toBeNull();
    expect(correctWord('teh', VOCAB)).toBeNull();
    expect(correctWord('x5099', VOCAB)).toBeNull();
    expect(correctWord('kubernetes', VOCAB)).toBeNull();
  });

  it('corrects only to words of a few rows or more (a word one edit from a rare word is more likely a word the docs do not use)', () => {
    expect(correctWord('clicx', { ...vocabulary({ click: 3 }), rows: 1263 })).toBeNull();
    expect(correctWord('clicx', { ...vocabulary({ click: 30 }), rows: 1263 })).toBe('click');
    expect(correctWord('clicx', { ...vocabulary({ click: 3 }), rows: 40 })).toBe('click');
  });

  // Real questions of the judged sets had these "corrected" to words of the archive: "database client
  // hangs waiting for the getting", "rule means for the payments workload", "still given a few failed
  // requests" (eval/README.md, round 9).
  it.each([
    ['greeting', { getting: 40 }],
    ['gives', { given: 40 }],
    ['wrote', { write: 40 }],
    ['meant', { means: 40 }],
    ['knows', { known: 40 }],
    ['portions', { options: 40 }],
    ['clock', { click: 40 }],
    ['swallows', { allows: 40 }],
  ])('leaves the English word %s alone, however common a word one edit away', (word, known) => {
    expect(correctWord(word, { ...vocabulary(known), rows: 1263 })).toBeNull();
  });

  // typo-07 "autoscaler not scalling down cluster" was "did you mean: not calling down", unseen-54
  // "stoped working" was "scoped working": the archive has neither "scaling" nor "stopped".
  it('leaves a typo alone when an English word the docs do not use is a likelier slip than the correction', () => {
    expect(correctWord('scalling', { ...vocabulary({ calling: 50 }), rows: 1263 })).toBeNull();
    expect(correctWord('stoped', { ...vocabulary({ scoped: 50 }), rows: 1263 })).toBeNull();
    expect(correctWord('scalling', { ...vocabulary({ calling: 50, scaling: 20 }), rows: 1263 })).toBe('scaling');
    expect(correctWord('conection', { ...vocabulary({ connection: 50 }), rows: 1263 })).toBe('connection');
    expect(likeliestSlips('stoped')).toContain('stopped');
    expect(likeliestSlips('scalling')).toContain('scaling');
    expect(likeliestSlips('secnd')).toContain('second');
    expect(likeliestSlips('enovy')).toContain('envoy');
  });

  it('still corrects an English word that is the likeliest slip from a word of the docs (a letter doubled)', () => {
    expect(correctWord('loosing', { ...vocabulary({ losing: 30 }), rows: 1263 })).toBe('losing');
    expect(parseQuery('database client hangs waiting for the greeting', vocabulary({ getting: 40 })).didYouMean).toBeNull();
  });

  it('leaves words the stemmed index has alone', () => {
    const withIndex = { ...VOCAB, indexHas: (w: string) => w === 'sidecars' };
    expect(correctWord('sidecars', withIndex)).toBeNull();
  });

  it('says which correction was used (did you mean), keeping the rest as typed', () => {
    const q = parseQuery('destnation rule TLS ', VOCAB);
    expect(q.corrections).toEqual([{ from: 'destnation', to: 'destination' }]);
    expect(q.didYouMean).toBe('destination rule TLS');
    expect(q.words).toContain('destination');
    expect(parseQuery('destination rule', VOCAB).didYouMean).toBeNull();
  });

  it('does not correct a half-typed last word that starts a known word', () => {
    expect(parseQuery('tcpdu', VOCAB).didYouMean).toBeNull();
    expect(parseQuery('tcpdu', VOCAB).prefix).toBe('tcpdu');
  });

  it('does not correct inside pasted error lines or identifiers', () => {
    expect(parseQuery('dial tcp 10.0.0.1:443: connect: conection refused', VOCAB).didYouMean).toBeNull();
    expect(parseQuery('sidcar.istio.io/inject', VOCAB).didYouMean).toBeNull();
  });

  it('replaces whole words only', () => {
    expect(applyCorrections('Sidcar sidcars sidcar', [{ from: 'sidcar', to: 'sidecar' }])).toBe('sidecar sidcars sidecar');
  });
});

describe('identifiers and prefix', () => {
  it('keeps identifiers whole besides the split words', () => {
    expect(identifiers('mode: ISTIO_MUTUAL and proxy_http_version with sidecar.istio.io/inject on port https.443.HTTPS')).toEqual([
      'istio_mutual',
      'proxy_http_version',
      'sidecar.istio.io/inject',
      'https.443.https',
    ]);
    const q = parseQuery('port https.443.HTTPS');
    expect(q.identifiers).toEqual(['https.443.https']);
    expect(q.words).toEqual(['port', 'https', '443']);
  });

  it('reads a hyphenated synonym member as its concept, not as an identifier', () => {
    expect(parseQuery('catch-all route for istio-proxy in kube-system ').identifiers).toEqual(['kube-system']);
    expect(parseQuery('mode ISTIO_MUTUAL ').identifiers).toEqual(['istio_mutual']);
  });

  it('leaves the values of a pasted line (IPs, timestamps, small counters) out of its words', () => {
    const q = parseQuery('[2024-05-01T10:00:00.412Z] "GET /productpage HTTP/1.1" 404 NR route_not_found - "-" 0 0 0 - "10.0.3.4:8080" "Mozilla/5.0"');
    expect(q.errorLine).toBe(true);
    expect(q.words).toEqual(['productpage', 'http', '404', 'nr', 'route', 'found', 'mozilla']);
    expect(parseQuery('which port does pod 10 use ').words).toEqual(['port', 'pod', '10', 'use']);
  });

  it('reads a release the operator names as no word of the question, and keeps other numbers', () => {
    // The questions of real issues (eval/queries.json real-18, real-13, real-15, real-28, real-47).
    expect(parseQuery('Istio 0.7.1 returns 503s with routerule changes ').words).toEqual(['istio', 'returns', '503s', 'routerule', 'changes']);
    expect(parseQuery('EnvoyFilter stops working after upgrade from Istio 1.3.5 to 1.11.1 ').words).toEqual(['envoyfilter', 'stops', 'working', 'upgrade', 'istio']);
    expect(parseQuery('Upgrading from istio 1.19.x to 1.2x.x breaks envoyFilter ordering. ').words).toEqual(['upgrading', 'istio', 'breaks', 'envoyfilter', 'ordering']);
    const galley = parseQuery(`Istio 1.0 install fails with 'no endpoints available for service "istio-galley"' error`);
    expect(galley.identifiers).toEqual(['istio-galley']);
    expect(parseQuery('port naming issue on gateways with https on istio 1.0.0 ').identifiers).toEqual([]);
    expect(parseQuery('EnvoyFilters not working for istio v1.6.0 ').words).toEqual(['envoyfilters', 'working', 'istio']);
    expect(parseQuery('upgraded k8s 1.14 and kubectl 1.15 ').identifiers).toEqual([]);
    // A bare number is not a release: a protocol version, a setting's value, an address, a pasted column.
    expect(parseQuery('nginx backend speaks http 1.0 ').identifiers).toEqual(['1.0']);
    expect(parseQuery('proxy_http_version 1.1 ').identifiers).toEqual(['proxy_http_version', '1.1']);
    expect(parseQuery('curl 10.0.0.1 times out ').identifiers).toEqual(['10.0.0.1']);
    expect(parseQuery('GET /ip HTTP/1.1 ').identifiers).toContain('http/1.1');
    // The word before a release at the end is whole, not half-typed.
    expect(parseQuery('port naming issue on gateways with https on istio 1.0.0').prefix).toBeNull();
    // A question that is nothing but a release is asked as typed.
    expect(parseQuery('v1.6.0').identifiers).toEqual(['v1.6.0']);
    expect(parseQuery('istio 1.19.x ').words).toEqual(['istio', '1', '19', 'x']);
    const row = parseQuery('cart-7f9d6c5b8-h2jkq.auth    SYNCED     STALE      SYNCED     SYNCED       istiod-7c9b8d6f5-x4k2p     1.21.2');
    expect(row.identifiers).toContain('1.21.2');
  });

  it('keeps the most telling words of a question longer than the word limit, in their order', () => {
    const filler = Array.from({ length: 24 }, (_, i) => `word${'abcdefghijklmnopqrstuvwxyz'[i]}`);
    const vocab = { ...VOCAB, documentFrequency: (w: string) => (w === 'tcpdump' ? 3 : w.startsWith('word') ? 500 : 0) };
    const q = parseQuery(`${filler.join(' ')} tcpdump `, vocab);
    expect(q.words).toHaveLength(24);
    expect(q.words.at(-1)).toBe('tcpdump');
    expect(q.words[0]).toBe('worda');
  });

  it('reads contractions as the words they stand for', () => {
    expect(parseQuery("pods on the host network don't get a sidecar ").words).toEqual(['pods', 'host', 'network', 'sidecar']);
    expect(parseQuery("can't see the proxy's clusters ").words).toEqual(['see', 'proxy', 'clusters']);
    expect(parseQuery("two entries OR'ed instead of AND'ed ").words).toEqual(['two', 'entries', 'instead']);
  });

  it('treats the last word as a prefix only while it is being typed', () => {
    expect(parseQuery('envoy vers').prefix).toBe('vers');
    expect(parseQuery('envoy vers ').prefix).toBeNull();
    expect(parseQuery('route to the').prefix).toBeNull();
    expect(parseQuery('sidecar picks it up').prefix).toBeNull();
    expect(parseQuery('sidecar pic').prefix).toBe('pic');
  });
});

describe("a chat's courtesies", () => {
  const bare = parseQuery('sidecar not injected into my pods');
  it.each(['hi, sidecar not injected into my pods thanks', 'please help: sidecar not injected into my pods', 'Hello! sidecar not injected into my pods, pls help'])(
    'reads %j as the bare question',
    (q) => {
      const p = parseQuery(q);
      expect({ words: p.words, allWords: p.allWords, prefix: p.prefix }).toEqual({ words: bare.words, allWords: bare.allWords, prefix: bare.prefix });
    },
  );

  it('keeps them where they are part of a name, or all there is', () => {
    expect(parseQuery('sync hello-world-filter').words).toContain('hello');
    expect(parseQuery('hello').words).toEqual(['hello']);
  });

  it('reads a preamble before a colon as no part of the question, and a log prefix as one', () => {
    const q = 'canary gets way more than 10 percent';
    for (const asked of [`can you help me: ${q}`, `hi, please help: ${q}`]) {
      const p = parseQuery(asked);
      expect(p.errorLine).toBe(false);
      expect(p.words).toEqual(parseQuery(q).words);
    }
    expect(parseQuery('Error: dial tcp 10.96.0.1:443: i/o timeout').errorLine).toBe(true);
    expect(parseQuery('Error: dial tcp 10.96.0.1:443: i/o timeout').words).toContain('error');
    // A question of a release alone is asked as typed, courtesies or not.
    expect(parseQuery('hi, please Istio 1.0, thanks!').words).toEqual(parseQuery('Istio 1.0').words);
  });

  it("leaves them out of a pasted line's signature", () => {
    const line = 'upstream connect error or disconnect/reset before headers. reset reason: connection termination';
    expect(normalizeErrorText(`please help ${line} thanks`)).toEqual(normalizeErrorText(line));
  });
});

describe('stem (the light stemmer of passages and asked lines)', () => {
  it.each([
    ['errors', 'error'],
    ['configured', 'configur'],
    ['routing', 'rout'],
    ['really', 'real'],
    ['apply', 'apply'],
    ['reply', 'reply'],
    ['multiply', 'multiply'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
