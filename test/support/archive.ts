// Pages of the shipped archive (archive/istio-archive.json.br) for tests that want real pages
// without ../shared: the bundle is part of the repository.
import { bundlePages, splitBundleSource } from '../../ingest/bundle.ts';
import { SAMPLE_PAGE, SHIPPED_ARCHIVE } from '../../src/services/ingest.ts';

export { SAMPLE_PAGE, SHIPPED_ARCHIVE };

/** The trimmed HTML of one page of the shipped archive, by its path ("v1.0/help/ops/misc/index.html"). */
export function archivePageHtml(pagePath: string): string {
  const page = bundlePages(`${SHIPPED_ARCHIVE}#${pagePath}`).pages.find((p) => p.path === pagePath);
  if (!page) throw new Error(`no page ${pagePath} in ${SHIPPED_ARCHIVE}`);
  return page.html;
}

/** The clean v1.0 "Deployment and Configuration Guidelines" page (the lossy seed's original). */
export function samplePageHtml(): string {
  return archivePageHtml(splitBundleSource(SAMPLE_PAGE).selector);
}
