import { describe, expect, it } from 'vitest';
import type { Block } from '../../ingest/blocks.ts';
import { extractErrorMessages, looksLikeMessage } from '../../ingest/error-messages.ts';

const text = (t: string, inlineCodes: string[] = []): Block => ({ type: 'text', kind: 'p', text: t, inlineCodes, listId: null });
const code = (language: string, c: string, outputIs: string | null = null): Block => ({ type: 'code', language, code: c, outputIs });

describe('looksLikeMessage', () => {
  it.each([
    ['SSL_SYSCALL_ERROR', true],
    ['upstream connect error or disconnect/reset before headers', true],
    ['HTTP/1.1 503 Service Unavailable', true],
    ['503 Service Unavailable', true],
    ['RBAC: access denied', true],
    ['no healthy upstream', true],
    ['Error from server (NotFound): pods "x" not found', true],
    ['DestinationRule', false],
    ['CONFLICT', false],
    ['ISTIO_MUTUAL', false],
    ['failurePolicy: Fail', false],
    ['kubectl logs x | grep error', false],
  ])('%s -> %s', (value, expected) => {
    expect(looksLikeMessage(value)).toBe(expected);
  });
});

describe('extractErrorMessages', () => {
  it('reads inline code, quoted prose and error lines of command output, deduplicated', () => {
    const messages = extractErrorMessages([
      text('curl prints SSL_SYSCALL_ERROR and the log says “no healthy upstream”.', ['curl', 'SSL_SYSCALL_ERROR']),
      text('A “catch-all” rule is fine.'),
      code('command', '$ istioctl authn tls-check x\nHOST:PORT   STATUS     SERVER\nx:8000      CONFLICT   mTLS\n$ curl x\nHTTP/1.1 503 Service Unavailable\nok line'),
      text('again SSL_SYSCALL_ERROR', ['SSL_SYSCALL_ERROR']),
    ]);
    expect(messages).toEqual(['SSL_SYSCALL_ERROR', 'no healthy upstream', 'x:8000      CONFLICT   mTLS', 'HTTP/1.1 503 Service Unavailable']);
  });

  it('takes a short plain block introduced as an error verbatim, but not YAML output or scripts', () => {
    expect(extractErrorMessages([text('istio-pilot will return the following error in the log:'), code('plain', 'port https.443.HTTPS: non unique port name for HTTPS port')])).toEqual([
      'port https.443.HTTPS: non unique port name for HTTPS port',
    ]);
    expect(extractErrorMessages([text('Example configuration:'), code('plain', 'server { listen 80; }')])).toEqual([]);
    expect(extractErrorMessages([code('bash', '$ kubectl get x -o yaml\nstatus: failed to sync', 'yaml')])).toEqual([]);
    expect(extractErrorMessages([code('bash', 'echo "error: not a transcript"')])).toEqual([]);
    expect(extractErrorMessages([code('plain', 'metric{error="false"} 56')])).toEqual([]);
  });

  it('joins backslash-wrapped output lines into one message', () => {
    expect(extractErrorMessages([code('command', '$ kubectl describe rs x\nError creating: failed calling webhook \\\n  "sidecar-injector": timeout')])).toEqual([
      'Error creating: failed calling webhook "sidecar-injector": timeout',
    ]);
  });
});
