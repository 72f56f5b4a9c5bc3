// Shared by the portal's browser test and `npm run screenshots`: a built portal, a server on a
// temporary knowledge base of real pages, and Debian's Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';

// Not from ../support/shared.ts: that imports vitest, and `npm run screenshots` runs outside it.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.join(process.env['ISTIO_KB_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '../shared'), 'corpus/istio-archive');

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags the project's guide prescribes for Debian's Chromium (playwright adds a fresh profile). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Real guideline pages of five versions (0.8 to 1.14), checked into test/fixtures. */
export const FIXTURE_PAGES = path.join(REPO_ROOT, 'test/fixtures/html');

/** Builds the portal unless an up-to-date build is there (the build script decides). */
export function ensurePortalBuilt(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-portal.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface PortalServer {
  readonly t: TestApp;
  readonly url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1, port 0, over a fresh knowledge base holding `sources`. */
export async function startPortalServer(sources: string[] = [FIXTURE_PAGES]): Promise<PortalServer> {
  const t = await startTestApp({ sources, env: { RATE_LIMIT_MAX: '0' } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return { t, url: `http://127.0.0.1:${address.port}`, close: () => t.close() };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const chromiumPresent = () => existsSync(CHROMIUM);
