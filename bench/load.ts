// `npm run load [-- <seconds>]`: fixed-rate mixed traffic against a real server process on
// loopback WHILE another process re-ingests the corpus, to check the issue 6 targets (0 errors,
// p99 < 50 ms at 300 req/s) and that readers see the old or the new knowledge base, never a mix.
//
// Open loop: requests are sent on a fixed schedule whatever the server does, and latency is
// measured from the scheduled send time, so a stalled server cannot hide its stall by slowing the
// generator down (coordinated omission).
//
// Env: LOAD_DURATION_S (default 60; the first argument wins), LOAD_RATE (default 300 req/s),
// ISTIO_KB_CORPUS (default ../shared/corpus/istio-archive; the shipped archive when absent),
// LOAD_INGEST=0 to run without the concurrent ingest (to tell its cost apart). The ingest runs
// through the CLI, which lowers its own CPU priority (INGEST_NICE, default 10) as a batch job
// should; INGEST_NICE=0 runs it at the server's priority, LOAD_INGEST_NICE=n renices it to n.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { readBundle } from '../ingest/bundle.ts';
import { SHIPPED_ARCHIVE } from '../src/services/ingest.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env['ISTIO_KB_CORPUS'] ?? path.resolve(root, '../shared/corpus/istio-archive');
const durationS = Number(process.argv[2] ?? process.env['LOAD_DURATION_S'] ?? 60);
const rate = Number(process.env['LOAD_RATE'] ?? 300);
const withIngest = process.env['LOAD_INGEST'] !== '0';
const ingestNice = Number(process.env['LOAD_INGEST_NICE'] ?? 0);
const REQUEST_TIMEOUT_MS = 10_000;
/** Versions copied (and edited) for the first ingest; the full corpus is ingested under load. */
const FIRST_VERSIONS = ['v1.0', 'v1.24', 'v1.25'];

if (!Number.isFinite(durationS) || durationS <= 0 || durationS > 3600) throw new Error(`duration must be 1..3600 s, got ${process.argv[2] ?? process.env['LOAD_DURATION_S']}`);
if (!Number.isFinite(rate) || rate <= 0 || rate > 5000) throw new Error(`LOAD_RATE must be 1..5000, got ${process.env['LOAD_RATE']}`);

// --- processes -------------------------------------------------------------------------------

const children = new Set<ChildProcess>();

function startChild(args: string[], env: Record<string, string>, label: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  child.on('error', (error) => console.error(`${label}: ${error.message}`));
  return { child, exited, output: () => output };
}

function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killChildren();
    process.exit(130);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// --- data set --------------------------------------------------------------------------------

function htmlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) htmlFiles(file, out);
    else if (file.endsWith('.html')) out.push(file);
  }
  return out;
}

/** One sentence added to the first paragraph of every section: the real ingest later changes these entries back. */
function editPages(dir: string): void {
  for (const file of htmlFiles(dir)) {
    const html = readFileSync(file, 'utf8');
    writeFileSync(file, html.replace(/(<h2[\s\S]*?<p>[\s\S]*?)(<\/p>)/g, '$1 (Edited copy for the load test.)$2'));
  }
}

/** Sources of the first ingest (an edited copy) and of the ingest that runs under load. */
function prepareSources(dir: string): { first: string[]; underLoad: string[]; label: string } {
  const copy = path.join(dir, 'sources/istio-archive');
  if (existsSync(corpus)) {
    for (const v of FIRST_VERSIONS) if (existsSync(path.join(corpus, v))) cpSync(path.join(corpus, v), path.join(copy, v), { recursive: true });
    editPages(copy);
    return { first: [copy], underLoad: [corpus], label: `corpus: ${FIRST_VERSIONS.join(', ')} (edited copy) first, then all of ${corpus} under load` };
  }
  console.log(`corpus ${corpus} is absent: using the shipped archive`);
  for (const page of readBundle(SHIPPED_ARCHIVE).pages) {
    if (!FIRST_VERSIONS.some((v) => page.path.startsWith(`${v}/`))) continue;
    const file = path.join(copy, page.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, page.html);
  }
  editPages(copy);
  return { first: [copy], underLoad: [SHIPPED_ARCHIVE], label: `shipped archive: ${FIRST_VERSIONS.join(', ')} (edited copy) first, then all of it under load` };
}

// --- traffic ---------------------------------------------------------------------------------

const SEARCHES = [
  '503 after setting a destination rule', 'upstream connect error or disconnect/reset before headers', 'no healthy upstream',
  'mtls', 'mutual TLS conflict', 'gateway', 'virtual service not applied', 'sidecar injection', 'envoy',
  'route rules have no effect on ingress gateway requests', 'headless service', 'port naming', 'subset',
  'connection reset', 'TLS handshake', 'istio-proxy', 'destination rule', 'timeout', 'retry', 'circuit breaker',
  'ingress', 'egress', 'service entry', 'authorization policy', 'jwt', 'pilot', 'istiod', 'CrashLoopBackOff', '404 not found', 'RBAC: access denied',
];

const GQL_SEARCH = 'query S($q: String!, $v: String, $f: Int) { search(query: $q, version: $v, first: $f) { totalCount edges { score highlights node { key title url version } } } }';
const GQL_ENTRY = 'query E($s: String!, $v: String) { entry(slug: $s, version: $v) { key title version fixes causes versions snippets { language kinds } } }';

/** A realistic bundle: per app a Service, two Deployments, a DestinationRule and a VirtualService, some with planted problems. */
function bundle(apps: number, seed: number): string {
  const docs: string[] = [
    `apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*.shop.example"]`,
  ];
  for (let i = 0; i < apps; i++) {
    const name = `app-${seed}-${i}`;
    const portName = i % 4 === 1 ? 'web' : 'http';
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {app: ${name}}\n  ports:\n  - name: ${portName}\n    port: 8080`,
      ...['v1', 'v2'].map(
        (v) =>
          `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}-${v}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}, version: ${v}}}\n  template:\n    metadata: {labels: {app: ${name}, version: ${v}}}\n    spec:\n      containers:\n      - name: main\n        image: example/${name}:${v}\n        ports: [{containerPort: 8080}]`,
      ),
      `apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  host: ${name}\n  trafficPolicy: {tls: {mode: ${i % 5 === 2 ? 'DISABLE' : 'ISTIO_MUTUAL'}}}\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}`,
      `apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  hosts: [${name}, ${name}.shop.example]\n  gateways: [gw, mesh]\n  http:\n  - route:\n    - destination: {host: ${name}, subset: ${i % 3 === 0 ? 'v3' : 'v1'}}\n      weight: 90\n    - destination: {host: ${name}, subset: v2}\n      weight: 10`,
    );
  }
  return docs.join('\n---\n');
}

interface Target {
  readonly kind: 'search-rest' | 'search-gql' | 'entry-rest' | 'entry-gql' | 'diagnose' | 'versions';
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  /** Responses are fingerprinted to check they come from the old or the new knowledge base. */
  readonly watch?: boolean;
}

interface Catalogue {
  readonly versions: string[];
  readonly slugs: { slug: string; version: string }[];
}

function pick<T>(items: readonly T[], n: number): T {
  const item = items[n % items.length];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** The n-th request of the mix: 60% search, 23% entry lookups, 2% versions, 15% diagnose. */
function targetFor(n: number, cat: Catalogue, bundles: readonly string[]): Target {
  // 37 is coprime to 100: every kind is spread evenly over each block of 100 instead of arriving in bursts.
  const slot = (n * 37) % 100;
  const q = pick(SEARCHES, n * 7 + 3);
  const version = n % 3 === 0 ? pick(cat.versions, n) : null;
  if (slot < 30) return { kind: 'search-rest', method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=10${version ? `&version=${version}` : ''}` };
  if (slot < 60) {
    return { kind: 'search-gql', method: 'POST', path: '/graphql', contentType: 'application/json', body: JSON.stringify({ query: GQL_SEARCH, variables: { q, v: version, f: 10 } }) };
  }
  const e = pick(cat.slugs, n * 13 + 5);
  if (slot < 72) return { kind: 'entry-rest', method: 'GET', path: `/api/v1/entries/${encodeURIComponent(e.slug)}?version=${e.version}`, watch: true };
  if (slot < 83) {
    return { kind: 'entry-gql', method: 'POST', path: '/graphql', contentType: 'application/json', body: JSON.stringify({ query: GQL_ENTRY, variables: { s: e.slug, v: n % 2 ? e.version : null } }) };
  }
  if (slot < 85) return { kind: 'versions', method: 'GET', path: '/api/v1/versions', watch: true };
  return { kind: 'diagnose', method: 'POST', path: '/api/v1/diagnose', contentType: 'application/yaml', body: pick(bundles, n) };
}

interface Outcome {
  readonly kind: Target['kind'];
  /** Scheduled send time, ms since the start of the measured run. */
  readonly at: number;
  readonly status: string;
  readonly latencyMs: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function send(port: number, target: Target): Promise<{ status: string; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: target.method,
        path: target.path,
        agent,
        headers: target.body === undefined ? {} : { 'content-type': target.contentType ?? 'application/json', 'content-length': Buffer.byteLength(target.body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          // A GraphQL error inside a 200 is still an error for the caller.
          const gqlError = target.path === '/graphql' && status === 200 && body.includes('"errors"');
          resolve({ status: gqlError ? 'graphql-error' : String(status), body });
        });
        res.on('error', () => resolve({ status: 'network', body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: error.message === 'timeout' ? 'timeout' : 'network', body: '' }));
    if (target.body !== undefined) req.write(target.body);
    req.end();
  });
}

async function getJson<T>(port: number, p: string): Promise<T> {
  const res = await send(port, { kind: 'versions', method: 'GET', path: p });
  if (res.status !== '200') throw new Error(`GET ${p}: ${res.status} ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}

const fingerprint = (body: string) => createHash('sha1').update(body).digest('hex');

// --- figures ---------------------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function report(outcomes: readonly Outcome[], sent: number, elapsedS: number): { errors: number; p99: number } {
  const all = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const byStatus = new Map<string, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  const errors = outcomes.filter((o) => o.status !== '200').length + (sent - outcomes.length);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`\nrequests: ${sent} sent, ${outcomes.length} answered in ${elapsedS.toFixed(1)} s (${(outcomes.length / elapsedS).toFixed(1)} req/s; target rate ${rate} req/s)`);
  console.log(`status:   ${[...byStatus].sort().map(([s, n]) => `${s}: ${n}`).join(', ')}${sent > outcomes.length ? `, unanswered: ${sent - outcomes.length}` : ''}`);
  console.log(`latency:  p50 ${ms(percentile(all, 50))}, p90 ${ms(percentile(all, 90))}, p99 ${ms(percentile(all, 99))}, max ${ms(all[all.length - 1] ?? Number.NaN)}`);
  for (const kind of ['search-rest', 'search-gql', 'entry-rest', 'entry-gql', 'versions', 'diagnose'] as const) {
    const own = outcomes.filter((o) => o.kind === kind).map((o) => o.latencyMs).sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(12)} ${String(own.length).padStart(6)} req   p50 ${ms(percentile(own, 50)).padStart(9)}   p99 ${ms(percentile(own, 99)).padStart(9)}`);
  }
  return { errors, p99: percentile(all, 99) };
}

/** Latency per window of the run, so a stall can be placed against the ingest. */
function timeline(outcomes: readonly Outcome[], ingest: { from: number; to: number } | null): void {
  const windowMs = Math.max(1000, Math.round((durationS * 1000) / 12 / 1000) * 1000);
  console.log(`timeline (${windowMs / 1000} s windows; * = ingest running):`);
  for (let from = 0; from < durationS * 1000; from += windowMs) {
    const own = outcomes.filter((o) => o.at >= from && o.at < from + windowMs);
    const lat = own.map((o) => o.latencyMs).sort((a, b) => a - b);
    const bad = own.filter((o) => o.status !== '200').length;
    const during = ingest !== null && ingest.from < from + windowMs && ingest.to > from ? '*' : ' ';
    console.log(
      `  ${during} ${(from / 1000).toFixed(0).padStart(4)}-${((from + windowMs) / 1000).toFixed(0).padEnd(4)} s  ${String(own.length).padStart(6)} req  p50 ${percentile(lat, 50).toFixed(1).padStart(8)} ms  p99 ${percentile(lat, 99).toFixed(1).padStart(8)} ms  errors ${bad}`,
    );
  }
}

// --- main ------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-load-'));
  const hardStop = setTimeout(() => {
    console.error('load run exceeded its time bound; stopping');
    killChildren();
    process.exit(2);
  }, (durationS + 300) * 1000);
  hardStop.unref();
  try {
    const dbFile = path.join(dir, 'kb.db');
    const env = { DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
    const sources = prepareSources(dir);
    console.log(`load: ${durationS} s at ${rate} req/s on 127.0.0.1; ${sources.label}${withIngest ? (ingestNice > 0 ? ` (ingest at nice ${ingestNice})` : '') : '; no ingest (LOAD_INGEST=0)'}`);

    const ctx = await createAppContext(loadConfig(env));
    const first = await ctx.ingest.ingest(sources.first);
    await ctx.close();
    console.log(`first ingest: ${first.versions.length} versions, ${first.totals.entries.new} entries`);

    const port = await freePort();
    const server = startChild([path.join(root, 'src/main.ts')], { ...env, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT_MAX: '0' }, 'server');
    const readyBy = Date.now() + 60_000;
    while (!(await send(port, { kind: 'versions', method: 'GET', path: '/readyz' }).then((r) => r.status === '200'))) {
      if (Date.now() > readyBy || server.child.exitCode !== null) throw new Error(`server did not become ready:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const versions = (await getJson<{ versions: { name: string }[] }>(port, '/api/v1/versions')).versions.map((v) => v.name);
    const slugs: Catalogue['slugs'] = [];
    for (const v of versions) {
      const listed = await getJson<{ entries: { slug: string }[] }>(port, `/api/v1/entries?version=${v}&limit=100`);
      slugs.push(...listed.entries.map((e) => ({ slug: e.slug, version: v })));
    }
    const cat: Catalogue = { versions, slugs };
    const bundles = [bundle(5, 1), bundle(7, 2), bundle(9, 3), bundle(6, 4)];
    const watchedPaths = new Set<string>();
    for (let n = 0; n < 100 * slugs.length; n++) {
      const t = targetFor(n, cat, bundles);
      if (t.watch) watchedPaths.add(t.path);
    }
    const before = new Map<string, string>();
    for (const p of watchedPaths) before.set(p, fingerprint((await send(port, { kind: 'versions', method: 'GET', path: p })).body));

    // Warm up so the first measured second does not pay for JIT and caches.
    for (let n = 0; n < 200; n++) await send(port, targetFor(n, cat, bundles));

    const outcomes: Outcome[] = [];
    const seen = new Map<string, Set<string>>();
    let sent = 0;
    let ingest: ReturnType<typeof startChild> | undefined;
    let ingestStarted = 0;
    let ingestEnded = 0;
    let ingestCode: number | null = null;
    const started = performance.now();
    const endAt = started + durationS * 1000;
    const ingestAt = started + Math.min(5_000, durationS * 100);
    const pending: Promise<void>[] = [];

    while (performance.now() < endAt) {
      const now = performance.now();
      if (withIngest && !ingest && now >= ingestAt) {
        ingest = startChild([path.join(root, 'src/cli/index.ts'), 'ingest', ...sources.underLoad], env, 'ingest');
        ingestStarted = now;
        if (ingestNice > 0 && ingest.child.pid !== undefined) os.setPriority(ingest.child.pid, Math.min(19, ingestNice));
        void ingest.exited.then((code) => {
          ingestEnded = performance.now();
          ingestCode = code;
        });
      }
      const due = Math.floor(((now - started) / 1000) * rate);
      while (sent < due) {
        const n = sent++;
        const scheduled = started + (n / rate) * 1000;
        const target = targetFor(n + 200, cat, bundles);
        pending.push(
          send(port, target).then((res) => {
            outcomes.push({ kind: target.kind, at: scheduled - started, status: res.status, latencyMs: performance.now() - scheduled });
            if (target.watch && res.status === '200') {
              const set = seen.get(target.path) ?? new Set<string>();
              set.add(fingerprint(res.body));
              seen.set(target.path, set);
            }
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(pending);
    const elapsedS = (performance.now() - started) / 1000;
    const { errors, p99 } = report(outcomes, sent, elapsedS);

    if (ingest && ingestCode === null) {
      console.log('ingest still running at the end of the load; waiting for it (up to 180 s)');
      await Promise.race([ingest.exited, new Promise((r) => setTimeout(r, 180_000))]);
    }
    const finished = ingestCode === 0;
    timeline(outcomes, ingest ? { from: ingestStarted - started, to: (ingestEnded || performance.now()) - started } : null);
    console.log(
      `ingest:   ${ingest ? (ingestEnded > 0 ? `exit ${ingestCode} after ${((ingestEnded - ingestStarted) / 1000).toFixed(1)} s, ${ingestEnded <= endAt ? 'finished during the load' : 'finished after the load'}` : 'not started') : 'not started'}`,
    );
    if (ingest && ingestCode !== 0) console.log(ingest.output().slice(-2000));

    // Old or new, never a mix: every watched response equals the answer before or after the ingest.
    let mixed = 0;
    let changed = 0;
    for (const p of watchedPaths) {
      const after = fingerprint((await send(port, { kind: 'versions', method: 'GET', path: p })).body);
      if (after !== before.get(p)) changed++;
      for (const fp of seen.get(p) ?? []) {
        if (fp !== before.get(p) && fp !== after) {
          mixed++;
          console.log(`inconsistent answer for ${p}: neither the old nor the new knowledge base`);
        }
      }
    }
    console.log(`consistency: ${watchedPaths.size} watched URLs, ${changed} changed by the ingest, ${mixed} answers neither old nor new`);

    server.child.kill('SIGTERM');
    const serverCode = await Promise.race([server.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
    console.log(`server:   SIGTERM -> ${serverCode === 'hung' ? 'did not exit in 15 s' : `exit ${serverCode}`}`);

    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(`\ntargets:  0 errors: ${verdict(errors === 0)} (${errors}); p99 < 50 ms: ${verdict(p99 < 50)} (${p99.toFixed(1)} ms); ingest finished: ${verdict(finished)}; consistent: ${verdict(mixed === 0)}`);
    return errors === 0 && mixed === 0 && (finished || !withIngest) ? 0 : 1;
  } finally {
    killChildren();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
