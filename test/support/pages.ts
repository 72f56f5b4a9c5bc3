// Tiny synthetic guideline pages (Era C markup) for tests that need several versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SyntheticSection {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export function guidelinePage(version: string, title: string, sections: readonly SyntheticSection[]): string {
  const body = sections.map((s) => `<h2 id=${s.id}>${s.title}</h2>${s.body}`).join('');
  return (
    `<!doctype html><html lang=en><head><title>Istioldie ${version} / ${title}</title>` +
    `<meta property="og:url" content="/v${version}/docs/ops/best-practices/traffic-management/"></head>` +
    `<body><main class=primary><div class=article-container><article aria-labelledby=title>` +
    `<div class=title-area><div><h1 id=title>${title}</h1></div></div>${body}</article></div></main></body></html>`
  );
}

/** Writes pages as <dir>/v<version>/docs/ops/best-practices/traffic-management/index.html. */
export function writePages(dir: string, pages: Record<string, string>): string {
  for (const [version, html] of Object.entries(pages)) {
    const folder = path.join(dir, `v${version}`, 'docs/ops/best-practices/traffic-management');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'index.html'), html);
  }
  return dir;
}
