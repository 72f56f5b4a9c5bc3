// `npm run screenshots`: every portal page at desktop and phone width, light and dark, into
// screenshots/ (not committed), and the two small images the README shows into docs/. Runs a server
// on 127.0.0.1 (port 0) over a temporary knowledge base filled with the shipped archive (every
// version), else the traffic-management pages of ../shared/corpus, else test/fixtures/html.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPresent, CHROMIUM, CORPUS_DIR, ensurePortalBuilt, FIXTURE_PAGES, launchChromium, REPO_ROOT, startPortalServer } from '../test/portal/harness.ts';

const OUT = path.join(REPO_ROOT, 'screenshots');
const DOCS = path.join(REPO_ROOT, 'docs');
const TRAFFIC = /network-issues|traffic-management\/(troubleshooting|deploy-guidelines)|best-practices\/traffic-management/;

function sources(): string[] {
  const bundle = path.join(REPO_ROOT, 'archive/istio-archive.json.br');
  if (existsSync(bundle)) return [bundle];
  const manifest = path.join(CORPUS_DIR, 'MANIFEST.tsv');
  if (!existsSync(manifest)) {
    console.log(`screenshots: ${CORPUS_DIR} is absent; using the pages in test/fixtures/html`);
    return [FIXTURE_PAGES];
  }
  const pages = readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([version, file]) => version && file && TRAFFIC.test(file))
    .map(([version, file]) => path.join(CORPUS_DIR, version ?? '', file ?? ''));
  return pages;
}

const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'samples/manifests/broken-bookinfo.yaml'), 'utf8');

interface Shot {
  readonly name: string;
  readonly path: string;
  /** Gets the page into the state to show (after it loaded). */
  readonly act?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'home', path: '/' },
  { name: 'search', path: '/search?q=503+after+applying+a+destination+rule' },
  { name: 'entry', path: '/entries/503-errors-while-reconfiguring-service-routes' },
  { name: 'compare', path: '/entries/503-errors-while-reconfiguring-service-routes/compare?from=1.0&to=1.25' },
  {
    name: 'diagnose',
    path: '/diagnose',
    act: async (page) => {
      await page.getByLabel('Manifests').fill(EXAMPLE);
      await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
      await page.locator('li.finding').first().waitFor();
    },
  },
  { name: 'rules', path: '/rules' },
  { name: 'versions', path: '/versions' },
];

const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function main(): Promise<void> {
  if (!chromiumPresent()) {
    console.error(`screenshots: ${CHROMIUM} is absent; install Debian's chromium (apt-get install -y chromium)`);
    process.exit(2);
  }
  ensurePortalBuilt();
  mkdirSync(OUT, { recursive: true });
  const server = await startPortalServer(sources());
  const browser = await launchChromium();
  try {
    for (const scheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of Object.entries(WIDTHS)) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
        // Screenshots must not depend on the network either.
        await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
        const page = await context.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') console.warn(`  console error on ${page.url()}: ${m.text()}`);
        });
        for (const shot of SHOTS) {
          await page.goto(`${server.url}${shot.path}`);
          await page.locator('main h1').waitFor();
          await page.waitForLoadState('networkidle');
          await shot.act?.(page);
          const file = path.join(OUT, `${shot.name}-${device}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(`  ${path.relative(REPO_ROOT, file)}`);
          // The README's two: the first screen of search and of a diagnosis, light, desktop.
          if (scheme === 'light' && device === 'desktop' && (shot.name === 'search' || shot.name === 'diagnose')) {
            await page.screenshot({ path: path.join(DOCS, `portal-${shot.name}.png`), fullPage: true, clip: { x: 0, y: shot.name === 'diagnose' ? await top(page) : 0, width: 1280, height: 720 } });
          }
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Page offset of the diagnosis results, so the README image shows findings rather than the form. */
async function top(page: Page): Promise<number> {
  return Math.max(0, Math.round(((await page.evaluate("document.querySelector('.diagnosis').getBoundingClientRect().top + window.scrollY")) as number) - 16));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
