// Istio's port naming convention `<protocol>[-<suffix>]`, by version. An unrecognised or missing
// name means plain TCP (1.0–1.2) or protocol sniffing (outbound from 1.3, inbound from 1.4).
import type { RuleContext } from '../types.ts';
import { FACTS } from '../version-facts.ts';

/** Protocols the 1.0 requirements page lists for L7 routing. */
const ROUTED_1_0 = ['http', 'http2', 'grpc', 'mongo', 'redis'];
/** Names Pilot also recognised as explicit non-HTTP protocols; the 1.1 page lists them. */
const EXPLICIT_1_1 = ['https', 'tcp', 'tls', 'udp', 'mysql'];
/** Later additions (grpc-web 1.4; http_proxy and thrift are mesh-internal but valid). */
const LATER = ['grpc-web', 'http_proxy', 'thrift'];

export function knownProtocols(ctx: RuleContext): readonly string[] {
  // 1.0 Pilot already parsed the 1.1 names; accepting them avoids flagging a deliberate `tcp-foo`.
  return ctx.atLeast('1.4') ? [...ROUTED_1_0, ...EXPLICIT_1_1, ...LATER] : [...ROUTED_1_0, ...EXPLICIT_1_1];
}

/** The protocol a port name declares, or undefined when it does not follow the convention. */
export function protocolOfName(name: string | undefined, ctx: RuleContext): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const protocol of knownProtocols(ctx)) {
    if ((lower === protocol || lower.startsWith(`${protocol}-`)) && (!best || protocol.length > best.length)) best = protocol;
  }
  return best;
}

const APP_PROTOCOL_ALIASES: Readonly<Record<string, string>> = {
  'kubernetes.io/h2c': 'http2',
  'kubernetes.io/ws': 'http',
  'kubernetes.io/wss': 'https',
};

/** `appProtocol` (Istio 1.6+) takes precedence over the name. */
export function protocolOfAppProtocol(appProtocol: string | undefined, ctx: RuleContext): string | undefined {
  if (!appProtocol || !ctx.atLeast(FACTS.appProtocol.since)) return undefined;
  const lower = appProtocol.toLowerCase();
  return APP_PROTOCOL_ALIASES[lower] ?? (knownProtocols(ctx).includes(lower) ? lower : undefined);
}

/** HTTP-family protocols (routing by L7 rules applies). */
export function isHttpFamily(protocol: string | undefined): boolean {
  return protocol === 'http' || protocol === 'http2' || protocol === 'grpc' || protocol === 'grpc-web' || protocol === 'http_proxy';
}

/** The protocol Istio applies to a Service port: declared, or TCP for anything unrecognised. */
export function effectiveProtocol(port: { name?: string; appProtocol?: string; protocol?: string }, ctx: RuleContext): string {
  if ((port.protocol ?? '').toUpperCase() === 'UDP') return 'udp';
  return protocolOfAppProtocol(port.appProtocol, ctx) ?? protocolOfName(port.name, ctx) ?? 'tcp';
}
