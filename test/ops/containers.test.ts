// No Docker engine runs where the tests run, so the container files are checked as data: the
// services, volume, healthchecks, and that everything they reference exists in the repo.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/shared.ts';

interface ComposeService {
  build?: unknown;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  profiles?: string[];
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

function scriptsIn(args: readonly string[]): string[] {
  return args.filter((a) => /\.(ts|js|mjs)$/.test(a));
}

describe('docker-compose.yml', () => {
  it('has the api service with the named volume and a /readyz healthcheck', () => {
    const api = compose.services['api'];
    expect(api?.build).toBeDefined();
    expect(api?.volumes).toContain('kb-data:/data');
    expect(api?.environment?.['DATABASE_URL']).toBe('file:/data/kb.db');
    expect(api?.healthcheck?.test.join(' ')).toContain('/readyz');
    expect(compose.volumes).toHaveProperty('kb-data');
  });

  it('has a one-shot ingest service in its own profile, on the same volume', () => {
    const ingest = compose.services['ingest'];
    expect(ingest?.profiles).toEqual(['ingest']);
    expect(ingest?.volumes).toContain('kb-data:/data');
    expect(ingest?.environment?.['DATABASE_URL']).toBe(compose.services['api']?.environment?.['DATABASE_URL']);
    for (const script of scriptsIn(ingest?.command ?? [])) expect(existsSync(path.join(REPO_ROOT, script)), script).toBe(true);
    expect(ingest?.command).toContain('ingest');
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
    expect(compose.services['ingest-pg']?.command).toContain('ingest');
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

describe('Dockerfile', () => {
  const froms = instructions.filter((l) => /^FROM /i.test(l));

  it('is a multi-stage build that ships production dependencies only', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev|npm ci --omit=dev/);
  });

  it('runs as a non-root user with a /readyz healthcheck', () => {
    const user = instructions.filter((l) => /^USER /i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
    expect(instructions.some((l) => /^HEALTHCHECK /i.test(l) && l.includes('/readyz'))).toBe(true);
  });

  it('references only files that exist', () => {
    const cmd = instructions.filter((l) => /^CMD /i.test(l)).at(-1) ?? '';
    const args = JSON.parse(cmd.replace(/^CMD\s+/i, '')) as string[];
    for (const script of scriptsIn(args)) expect(existsSync(path.join(REPO_ROOT, script)), script).toBe(true);
    for (const line of instructions.filter((l) => /^COPY /i.test(l) && !/--from=/.test(l))) {
      const parts = line.split(/\s+/).slice(1).filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(0, -1)) if (src !== '.') expect(existsSync(path.join(REPO_ROOT, src)), src).toBe(true);
    }
  });
});
