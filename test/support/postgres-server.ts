// A throw-away PostgreSQL server for the test run and the benchmarks: Debian's server binaries, a
// data folder in a temp dir owned by `postgres` (initdb refuses root), trust authentication, listening
// on 127.0.0.1 on a free port only. Stopped (and its folder removed) by the returned function.
//
// ISTIO_KB_TEST_POSTGRES_URL points the tests at an existing server instead (its user must be allowed
// to CREATE DATABASE); ISTIO_KB_TEST_POSTGRES=off skips the PostgreSQL tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's server binaries (the newest major installed), or ISTIO_KB_PG_BIN. */
function findBinDir(): string {
  const fromEnv = process.env['ISTIO_KB_PG_BIN'];
  if (fromEnv) return fromEnv;
  const majors = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))
    : [];
  return `/usr/lib/postgresql/${majors[0] ?? '15'}/bin`;
}

export const PG_BIN_DIR = findBinDir();
const EXTENSION_DIR = PG_BIN_DIR.replace(/^\/usr\/lib\/postgresql\/(\d+)\/bin$/, '/usr/share/postgresql/$1/extension');

export interface PostgresServer {
  /** A superuser URL on the `postgres` database. */
  readonly url: string;
  stop(): void;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailableReason(): string | null {
  if (process.env['ISTIO_KB_TEST_POSTGRES'] === 'off') return 'ISTIO_KB_TEST_POSTGRES=off';
  if (process.env['ISTIO_KB_TEST_POSTGRES_URL']) return null;
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(PG_BIN_DIR, bin))) return `${path.join(PG_BIN_DIR, bin)} is absent (apt-get install postgresql; .ci/run does this)`;
  }
  if (PG_BIN_DIR.startsWith('/usr/lib/postgresql/') && !existsSync(path.join(EXTENSION_DIR, 'unaccent.control'))) {
    return `the unaccent extension is absent (${EXTENSION_DIR}; it ships with Debian's postgresql package)`;
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a postgres user to run the server as';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const external = process.env['ISTIO_KB_TEST_POSTGRES_URL'];
  if (external) return { url: external, stop: () => undefined };
  const root = mkdtempSync(path.join(tmpdir(), 'istio-kb-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : path.join(PG_BIN_DIR, bin);
    const full = asRoot ? ['-u', 'postgres', '--', path.join(PG_BIN_DIR, bin), ...args] : args;
    const result = spawnSync(cmd, full, { encoding: 'utf8', cwd: root });
    if (result.status !== 0) throw new Error(`${bin} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    const { uid, gid } = uidOf('postgres');
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const port = await freePort();
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--lc-collate=C', '--lc-ctype=C.UTF-8']);
    // A test server: no durability needed, small footprint on a shared 2-core machine.
    const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200', 'shared_buffers=32MB'];
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} ${settings.map((s) => `-c ${s}`).join(' ')}`;
    run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(root, 'log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
