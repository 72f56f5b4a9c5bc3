// The ops portal in a real browser (Debian's Chromium through playwright-core) against a server on
// a temporary knowledge base of real guideline pages: search -> entry -> switch version -> compare,
// diagnose a pasted bundle and see the finding on its line, the downloads, keyboard use, the phone
// layout, and axe-core on every page in light and dark. Throughout, no request may leave loopback
// and the console must stay free of errors (a CSP violation is one).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPresent, CHROMIUM, ensurePortalBuilt, launchChromium, startPortalServer, type PortalServer } from './harness.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A VirtualService routing to subset v2, which the DestinationRule does not define. */
const BUNDLE = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: default
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: default
spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
        version: v1
    spec:
      containers:
      - name: reviews
        image: istio/examples-bookinfo-reviews-v1:1.8.0
        ports:
        - containerPort: 9080
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews
  namespace: default
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
`;
const SUBSET_LINE = BUNDLE.split('\n').findIndex((l) => l.includes('subset: v2')) + 1;

const present = chromiumPresent();
if (!present) console.warn(`[skip] portal e2e: ${CHROMIUM} is absent (install Debian's chromium: apt-get install -y chromium)`);

describe.skipIf(!present)('ops portal in Chromium', () => {
  let server: PortalServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const offLoopback: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ensurePortalBuilt();
    server = await startPortalServer();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    context = await browser.newContext({
      viewport: { width: options.width ?? 1200, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
    });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
        offLoopback.push(url.href);
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    return page;
  }

  afterEach(async () => {
    await context?.close();
    expect(offLoopback, 'requests that left loopback').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  });

  async function axeViolations(p: Page): Promise<string[]> {
    // Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays in force.
    await p.evaluate(AXE);
    const results = (await p.evaluate('axe.run()')) as {
      violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
    };
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }

  it(
    'search -> entry -> switch version -> compare, with shareable URLs and the back button',
    async () => {
      const p = await open();
      await p.goto(`${server.url}/`);
      const box = p.getByRole('searchbox');
      await box.fill('envoy crashing');
      await box.press('Enter');
      await p.waitForURL(/\/search\?q=envoy\+crashing/);
      const result = p.getByRole('link', { name: 'Envoy is crashing under load' });
      await result.waitFor();
      expect(await p.locator('ol.hits mark').count()).toBeGreaterThan(0);

      // Keyboard: "/" comes back to the box, the arrow moves into the results.
      await p.locator('h1').click();
      await p.keyboard.press('/');
      await expect.poll(() => p.evaluate('document.activeElement?.id')).toBe('q');
      await p.keyboard.press('ArrowDown');
      await expect.poll(() => p.evaluate('document.activeElement?.textContent')).toBe('Envoy is crashing under load');

      // A second search, typed until its results show (the URL follows the typing), then Enter, then
      // back: the first query returns, box and results.
      await box.fill('ulimit');
      await p.waitForURL(/q=ulimit/);
      await box.press('Enter');
      await p.goBack();
      await p.waitForURL(/q=envoy\+crashing/);
      await expect.poll(() => box.inputValue()).toBe('envoy crashing');
      await result.waitFor();

      // A typo: did you mean.
      await p.goto(`${server.url}/search?q=envoy+crashng`);
      await p.getByText('Did you mean').waitFor();
      await p.getByRole('link', { name: 'envoy crashing' }).click();
      await p.waitForURL(/q=envoy\+crashing/);

      await result.click();
      await p.waitForURL(/\/entries\/envoy-is-crashing-under-load\?version=1\.8/);
      await p.getByRole('heading', { level: 1, name: 'Envoy is crashing under load' }).waitFor();
      await expect.poll(() => p.evaluate('document.activeElement?.tagName')).toBe('H1');
      await p.getByRole('heading', { name: 'Symptoms' }).waitFor();
      await p.getByRole('heading', { name: 'Fixes' }).waitFor();
      await p.getByRole('heading', { name: 'History' }).waitFor();
      const original = p.getByRole('link', { name: /Original page on istio\.io/ });
      expect(await original.getAttribute('href')).toBe('https://istio.io/v1.8/docs/ops/common-problems/network-issues/#envoy-is-crashing-under-load');

      // Switch version by keyboard: the 0.8 text, with its error message and snippet; focus stays
      // in the select.
      const switcher = p.getByRole('combobox', { name: 'Version' });
      expect(await switcher.inputValue()).toBe('1.8');
      await switcher.focus();
      await p.keyboard.press('ArrowDown');
      await p.waitForURL(/version=0\.8/);
      await p.getByText('Istio 0.8').waitFor();
      await p.getByRole('heading', { name: 'Error messages' }).waitFor();
      await p.getByText('assert failure: fd_ != -1').first().waitFor();
      await p.getByRole('button', { name: /Copy/ }).first().waitFor();
      await expect.poll(() => p.evaluate('document.activeElement?.id')).toBe('entry-version');
      await expect.poll(() => switcher.inputValue()).toBe('0.8');

      // Compare 0.8 with 1.8.
      await p.getByRole('combobox', { name: 'From' }).selectOption('0.8');
      await p.getByRole('combobox', { name: 'To' }).selectOption('1.8');
      await p.getByRole('button', { name: 'Compare' }).click();
      await p.waitForURL(/\/compare\?from=0\.8&to=1\.8/);
      await p.getByRole('heading', { level: 1, name: /What changed/ }).waitFor();
      const removed = p.locator('li.removed', { hasText: 'Make sure to raise your ulimit.' });
      await removed.waitFor();
      expect(await removed.textContent()).toContain('Removed:');

      // The compare URL is shareable: a fresh load shows the same.
      await p.reload();
      await removed.waitFor();
    },
    120_000,
  );

  it(
    'diagnoses a pasted bundle and marks the finding on its line, with JSON and SARIF downloads',
    async () => {
      const p = await open();
      await p.goto(`${server.url}/`);
      await p.getByRole('link', { name: 'Diagnose', exact: true }).click();
      await p.waitForURL(/\/diagnose$/);
      // Files are read into the box (the same path as a drop), each headed by its name.
      await p.getByLabel('Add files').setInputFiles([{ name: 'svc.yaml', mimeType: 'application/yaml', buffer: Buffer.from('kind: Service\n') }]);
      await expect.poll(() => p.getByLabel('Manifests').inputValue()).toBe('# file: svc.yaml\nkind: Service\n');
      await p.getByLabel('Manifests').fill(BUNDLE);
      await p.getByRole('combobox', { name: 'Istio version' }).selectOption('1.8');
      const complete = p.getByRole('checkbox', { name: 'complete' });
      await complete.check();
      // An empty namespace is the server's default: nothing is sent.
      const request = p.waitForRequest((r) => r.url().endsWith('/api/v1/diagnose') && r.method() === 'POST');
      await p.getByRole('button', { name: 'Diagnose', exact: true }).click();
      const sent = JSON.parse((await request).postData() ?? '{}') as { complete?: boolean; version?: string; namespace?: string };
      expect(sent).toMatchObject({ complete: true, version: '1.8' });
      expect(sent.namespace).toBeUndefined();

      const group = p.getByRole('region', { name: 'VirtualService default/reviews' });
      await group.waitFor();
      const finding = group.locator('li.finding', { hasText: 'subset "v2"' });
      await finding.waitFor();
      expect(await finding.textContent()).toMatch(/Fix:/);
      await finding.getByRole('link', { name: `Line ${SUBSET_LINE}` }).waitFor();
      await finding.getByRole('link', { name: 'vs-subset-not-defined' }).waitFor();
      // The line in the YAML view is marked and names the rule.
      const line = p.locator(`#L${SUBSET_LINE}`);
      expect(await line.getAttribute('class')).toMatch(/marked (error|warning)/);
      expect(await line.textContent()).toContain('subset: v2');
      expect(await line.textContent()).toContain('vs-subset-not-defined');
      expect(await p.locator('.line.marked').count()).toBe(1);

      const [json] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download JSON' }).click()]);
      const diagnosis = JSON.parse(readFileSync((await json.path()) ?? '', 'utf8')) as { findings: { ruleId: string; line: number }[] };
      expect(diagnosis.findings).toContainEqual(expect.objectContaining({ ruleId: 'vs-subset-not-defined', line: SUBSET_LINE }));
      const [sarif] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download SARIF' }).click()]);
      const log = JSON.parse(readFileSync((await sarif.path()) ?? '', 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
      expect(log.version).toBe('2.1.0');
      expect(log.runs[0]?.results.map((r) => r.ruleId)).toContain('vs-subset-not-defined');

      // The rule link leads to its documentation.
      await finding.getByRole('link', { name: 'vs-subset-not-defined' }).click();
      await p.waitForURL(/\/rules#vs-subset-not-defined$/);
      await p.getByRole('heading', { level: 2, name: 'VirtualService routes to a subset no DestinationRule defines' }).waitFor();
    },
    120_000,
  );

  it(
    'diagnoses objects that name no namespace in the one the Namespace field gives (kubectl apply -n)',
    async () => {
      const p = await open();
      await p.goto(`${server.url}/diagnose`);
      const withoutNamespace = BUNDLE.replace(/\n {2}namespace: default/g, '');
      expect(withoutNamespace).not.toContain('namespace:');
      await p.getByLabel('Manifests').fill(withoutNamespace);
      await p.getByRole('textbox', { name: 'Namespace' }).fill('shop');
      const request = p.waitForRequest((r) => r.url().endsWith('/api/v1/diagnose') && r.method() === 'POST');
      await p.getByRole('button', { name: 'Diagnose', exact: true }).click();
      expect(JSON.parse((await request).postData() ?? '{}')).toMatchObject({ namespace: 'shop' });
      await p.getByRole('region', { name: 'VirtualService shop/reviews' }).waitFor();
    },
    120_000,
  );

  const PAGES = [
    '/',
    '/search?q=503+errors',
    '/entries/envoy-is-crashing-under-load?version=0.8',
    '/entries/envoy-is-crashing-under-load/compare?from=0.8&to=1.8',
    '/diagnose',
    '/rules',
    '/versions',
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    it(
      `has no serious or critical axe-core violation on any page (${colorScheme})`,
      async () => {
        const p = await open({ colorScheme });
        const found: string[] = [];
        for (const path of PAGES) {
          await p.goto(`${server.url}${path}`);
          await p.locator('main h1').waitFor();
          await p.waitForLoadState('networkidle');
          found.push(...(await axeViolations(p)).map((v) => `${path}: ${v}`));
        }
        // The diagnose results too: findings, badges and marked lines.
        await p.goto(`${server.url}/diagnose`);
        await p.getByLabel('Manifests').fill(BUNDLE);
        await p.getByRole('button', { name: 'Diagnose', exact: true }).click();
        await p.locator('li.finding').first().waitFor();
        found.push(...(await axeViolations(p)).map((v) => `/diagnose (results): ${v}`));
        expect(found).toEqual([]);
      },
      120_000,
    );
  }

  it(
    'fits a phone screen: no page scrolls sideways',
    async () => {
      const p = await open({ width: 375 });
      const wide: string[] = [];
      for (const path of PAGES) {
        await p.goto(`${server.url}${path}`);
        await p.locator('main h1').waitFor();
        await p.waitForLoadState('networkidle');
        // Strings run in the page (this file is type-checked without the DOM library).
        const { scroll, viewport } = (await p.evaluate('({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })')) as { scroll: number; viewport: number };
        if (scroll > viewport) wide.push(`${path}: ${scroll}px wide in a ${viewport}px viewport`);
      }
      expect(wide).toEqual([]);
    },
    120_000,
  );
});
