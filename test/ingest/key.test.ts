import { describe, expect, it } from 'vitest';
import { keyFromTitle } from '../../ingest/key.ts';

describe('keyFromTitle', () => {
  it.each([
    ['Envoy won’t connect to my HTTP/1.0 service', 'envoy-wont-connect-to-my-http-1-0-service'],
    ["Envoy won't connect to my HTTP/1.0 service", 'envoy-wont-connect-to-my-http-1-0-service'],
    ['Envoy won&rsquo;t connect to my HTTP/1.0 service', 'envoy-wont-connect-to-my-http-1-0-service'],
    ['503 errors after setting destination rule', '503-errors-after-setting-destination-rule'],
    ['  Route rules don’t seem to affect traffic flow!  ', 'route-rules-dont-seem-to-affect-traffic-flow'],
    ['Double TLS (TLS origination for a TLS request)', 'double-tls-tls-origination-for-a-tls-request'],
    ['Café &amp; naïve', 'cafe-naive'],
    ['***', ''],
  ])('%s -> %s', (title, key) => {
    expect(keyFromTitle(title)).toBe(key);
  });
});
