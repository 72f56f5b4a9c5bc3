// No Docker engine runs where the tests run, so the container files are checked as data: the base
// image's Node major, the stages, what the build context holds (.dockerignore), and that every file
// the Dockerfile and compose file reference exists (or is made by the build stage).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/shared.ts';

/** The current Node.js LTS line: 26, active LTS since 2026-10-28 (nodejs/Release schedule.json); 24 is in maintenance since 2026-10-20, 20 reached end of life in April 2026. */
const NODE_LTS_MAJOR = 26;

interface ComposeService {
  build?: unknown;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  image?: string;
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[]; start_period?: string };
  profiles?: string[];
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .filter((l) => !l.trim().startsWith('#'))
  .join('\n')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);

interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly lines: string[];
}
const stages: Stage[] = [];
for (const line of instructions) {
  const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
  if (from) stages.push({ image: from[1]!, name: from[2], lines: [] });
  else stages.at(-1)?.lines.push(line);
}
const buildStage = stages[0]!;
const runtimeStage = stages.at(-1)!;

/** .dockerignore semantics (paths relative to the context, `*` within a segment, `**` across, `!` re-includes, last match wins). */
const ignorePatterns = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const negate = l.startsWith('!');
    const body = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
    const re = body
      .split('/')
      .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
      .join('/');
    return { negate, re: new RegExp(`^${re}(?:/.*)?$`) };
  });

function ignored(rel: string): boolean {
  let result = false;
  for (const p of ignorePatterns) if (p.re.test(rel)) result = !p.negate;
  return result;
}

function copies(stage: Stage): { from: string | undefined; sources: string[]; dest: string }[] {
  return stage.lines
    .filter((l) => /^COPY\s/i.test(l))
    .map((l) => {
      const parts = l.split(/\s+/).slice(1);
      const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
      const args = parts.filter((p) => !p.startsWith('--'));
      return { from, sources: args.slice(0, -1), dest: args.at(-1)! };
    });
}

function execArgs(line: string | undefined): string[] {
  return JSON.parse((line ?? '').replace(/^(CMD|ENTRYPOINT)\s+/i, '')) as string[];
}

/** dist/src/main.js is compiled from src/main.ts. */
function sourceOf(script: string): string {
  return script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

describe('Dockerfile', () => {
  it(`builds and runs on the current Node LTS (${NODE_LTS_MAJOR}), Debian trixie (13, the stable release) slim`, () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(new RegExp(`^node:${NODE_LTS_MAJOR}(\\.\\d+)*-trixie-slim$`));
  });

  it('builds better-sqlite3 from source with the image\'s own Node headers and downloads nothing else', () => {
    const build = buildStage.lines.join('\n');
    expect(build).toMatch(/npm_config_nodedir=\/usr\/local/);
    expect(build).toMatch(/npm_config_build_from_source=true/);
    expect(build).toMatch(/npm rebuild better-sqlite3/);
    expect(dockerfile).not.toMatch(/\b(curl|wget)\b|^ADD\s+https?:/im);
    // apt-get only installs the compiler toolchain from Debian.
    expect(build).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
  });

  it('ships the compiled build and production dependencies only, and runs it', () => {
    expect(buildStage.lines.join('\n')).toMatch(/npm run build/);
    expect(buildStage.lines.join('\n')).toMatch(/npm prune --omit=dev/);
    const cmd = execArgs(runtimeStage.lines.filter((l) => /^CMD /i.test(l)).at(-1));
    // bin/istio-kb.js serve: the compiled server, with Node's compile cache on (Node 22.1+).
    expect(cmd).toEqual(['node', 'bin/istio-kb.js', 'serve']);
    expect(existsSync(path.join(REPO_ROOT, cmd[1]!))).toBe(true);
    expect(readFileSync(path.join(REPO_ROOT, cmd[1]!), 'utf8')).toContain('dist/src/cli/index.js');
    expect(existsSync(path.join(REPO_ROOT, 'src/cli/run/serve.ts'))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, sourceOf('dist/src/main.js')))).toBe(true);
    // Nothing in the runtime stage runs TypeScript.
    expect(runtimeStage.lines.join('\n')).not.toMatch(/tsx|\.ts\b/);
  });

  it('fills Node\'s compile cache at build time as the user the service runs as, in a directory that user owns', () => {
    const env = runtimeStage.lines.filter((l) => /^ENV /i.test(l)).join(' ');
    const cacheDir = /NODE_COMPILE_CACHE=(\S+)/.exec(env)?.[1];
    expect(cacheDir).toBeDefined();
    const lines = runtimeStage.lines;
    const user = lines.findIndex((l) => /^USER /i.test(l));
    const warm = lines.findIndex((l) => /^RUN node scripts\/warm-compile-cache\.mjs$/.test(l));
    // Node keeps a cache directory per user id: warmed as root, the service user would not read it.
    expect(warm).toBeGreaterThan(user);
    expect(lines.slice(0, user).some((l) => /^RUN .*chown node:node .*/.test(l) && l.includes(cacheDir!))).toBe(true);
    expect(copies(runtimeStage).some((c) => c.sources.includes('/app/scripts/warm-compile-cache.mjs'))).toBe(true);
  });

  it('runs as a non-root user with a /readyz healthcheck that allows for the first ingest', () => {
    const user = runtimeStage.lines.filter((l) => /^USER /i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
    const health = runtimeStage.lines.find((l) => /^HEALTHCHECK /i.test(l)) ?? '';
    expect(health).toContain('/readyz');
    expect(Number(/--start-period=(\d+)s/.exec(health)?.[1])).toBeGreaterThanOrEqual(60);
  });

  it('copies only files that exist in the build context (and are not .dockerignored)', () => {
    for (const c of copies(buildStage).filter((x) => !x.from)) {
      for (const src of c.sources) {
        if (src === '.') continue;
        expect(existsSync(path.join(REPO_ROOT, src)), src).toBe(true);
        expect(ignored(src), `${src} is in .dockerignore`).toBe(false);
      }
    }
  });

  it('copies into the runtime stage only what the build stage has: the repo files it copied, or its outputs', () => {
    const workdir = buildStage.lines.find((l) => /^WORKDIR /i.test(l))?.split(/\s+/)[1] ?? '/';
    const BUILD_OUTPUTS = ['node_modules', 'dist', 'build/portal'];
    for (const c of copies(runtimeStage)) {
      expect(c.from).toBe(buildStage.name);
      for (const src of c.sources) {
        const rel = path.posix.relative(workdir, src);
        if (BUILD_OUTPUTS.includes(rel)) continue;
        expect(existsSync(path.join(REPO_ROOT, rel)), rel).toBe(true);
        expect(ignored(rel), `${rel} is in .dockerignore`).toBe(false);
      }
    }
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, local data, tests, benchmarks and scratch out of the image', () => {
    for (const rel of ['.env', '.env.local', 'test/cli/cli.test.ts', 'bench/index.ts', 'eval/run.ts', 'scratch/notes.txt', 'data/kb.db', 'kb.db-wal', 'node_modules/x/index.js', '.git/HEAD', 'dist/src/main.js']) {
      expect(ignored(rel), rel).toBe(true);
    }
  });

  it('keeps everything the build stage reads', () => {
    const needed = [
      'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'prisma.config.ts',
      'scripts/build.mjs', 'scripts/generate-prisma.mjs', 'prisma/schema.prisma', 'src/main.ts', 'src/cli/index.ts',
      'ingest/pipeline.ts', 'bin/istio-kb.js', 'archive/istio-archive.json.br', 'archive/entry-links.json', 'archive/asked-as.json',
      // the portal build (scripts/build-portal.mjs): its sources, the rule docs, the Diagnose example
      'scripts/build-portal.mjs', 'src/portal/ui/main.tsx', 'src/portal/ui/index.html', 'docs/rules/vs-subset-not-defined.md',
      'samples/manifests/broken-bookinfo.yaml',
    ];
    for (const rel of needed) {
      expect(existsSync(path.join(REPO_ROOT, rel)), rel).toBe(true);
      expect(ignored(rel), rel).toBe(false);
    }
  });
});

describe('docker-compose.yml', () => {
  it('has the api service with the named volume and a /readyz healthcheck', () => {
    const api = compose.services['api'];
    expect(api?.build).toBeDefined();
    expect(api?.volumes).toContain('kb-data:/data');
    expect(api?.environment?.['DATABASE_URL']).toBe('file:/data/kb.db');
    expect(api?.healthcheck?.test.join(' ')).toContain('/readyz');
    expect(Number(/^(\d+)s$/.exec(api?.healthcheck?.start_period ?? '')?.[1])).toBeGreaterThanOrEqual(60);
    expect(compose.volumes).toHaveProperty('kb-data');
  });

  it('has a one-shot ingest service in its own profile, on the same volume, running the compiled CLI', () => {
    const ingest = compose.services['ingest'];
    expect(ingest?.profiles).toEqual(['ingest']);
    expect(ingest?.volumes).toContain('kb-data:/data');
    expect(ingest?.environment?.['DATABASE_URL']).toBe(compose.services['api']?.environment?.['DATABASE_URL']);
    const run = [...(ingest?.entrypoint ?? []), ...(ingest?.command ?? [])];
    expect(run.slice(0, 3)).toEqual(['node', 'bin/istio-kb.js', 'ingest']);
    for (const script of run.filter((a) => /\.(ts|js|mjs)$/.test(a))) {
      expect(existsSync(path.join(REPO_ROOT, script)), script).toBe(true);
      expect(ignored(script), script).toBe(false);
    }
    // The default host folder mounted at /sources exists.
    for (const volume of ingest?.volumes ?? []) {
      const host = /^\$\{[A-Z_]+:-([^}]+)\}:/.exec(volume)?.[1];
      if (host) expect(existsSync(path.join(REPO_ROOT, host)), host).toBe(true);
    }
  });
});

describe('docker-compose.yml, profile postgres', () => {
  const inProfile = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('postgres'));
  const names = inProfile.map(([name]) => name);

  it('keeps plain `docker compose up` on SQLite: no service without a profile uses PostgreSQL', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (!s.profiles) expect(s.environment?.['DATABASE_URL'], name).toMatch(/^file:/);
    }
  });

  it('has PostgreSQL with a volume and a healthcheck, two API replicas, a load balancer and a one-shot ingest', () => {
    expect(names).toEqual(expect.arrayContaining(['postgres', 'api-a', 'api-b', 'lb', 'ingest-pg']));
    const db = compose.services['postgres'];
    expect(db?.image).toMatch(/^postgres:\d+/);
    expect(db?.volumes).toContain('pg-data:/var/lib/postgresql/data');
    expect(db?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(compose.volumes).toHaveProperty('pg-data');
    for (const name of ['api-a', 'api-b', 'ingest-pg']) {
      const s = compose.services[name];
      expect(s?.environment?.['DATABASE_URL'], name).toMatch(/^postgresql:\/\/.+@postgres:5432\//);
      expect(s?.depends_on?.['postgres']?.condition, name).toBe('service_healthy');
    }
    for (const name of ['api-a', 'api-b']) expect(compose.services[name]?.healthcheck?.test.join(' '), name).toContain('/readyz');
    const run = [...(compose.services['ingest-pg']?.entrypoint ?? []), ...(compose.services['ingest-pg']?.command ?? [])];
    expect(run.slice(0, 3)).toEqual(['node', 'bin/istio-kb.js', 'ingest']);
  });

  it('balances over both replicas with an official image and a config file from the repo', () => {
    const lb = compose.services['lb'];
    expect(lb?.image).toMatch(/^(nginx|haproxy):/);
    const mount = lb?.volumes?.find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro'));
    expect(mount).toBeDefined();
    const file = path.join(REPO_ROOT, (mount ?? '').split(':')[0] ?? '');
    expect(existsSync(file), file).toBe(true);
    const conf = readFileSync(file, 'utf8');
    for (const name of ['api-a', 'api-b']) expect(conf).toMatch(new RegExp(`server ${name}:4000`));
    expect(conf).toMatch(/listen 8080;/);
    expect(lb?.ports?.some((p) => p.endsWith(':8080'))).toBe(true);
    // Not the SQLite api's port: both stacks can run side by side.
    expect(lb?.ports).not.toEqual(compose.services['api']?.ports);
  });
});

describe('package.json engines', () => {
  it('admits Node 20.19+, 22 and 24, which CI and the image use', () => {
    const engines = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean };
    for (const v of ['20.19.0', '22.12.0', '24.0.0']) expect(semver.satisfies(v, engines), v).toBe(true);
    expect(semver.satisfies('20.18.0', engines)).toBe(false);
  });
});
