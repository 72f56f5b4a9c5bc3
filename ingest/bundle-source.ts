// How a bundle source names its pages, apart from reading bundles (bundle.ts loads cheerio, which a
// start that only compares source names does not need).

/** `archive.json.br#v1.0/` -> { file: 'archive.json.br', selector: 'v1.0/' }. */
export function splitBundleSource(source: string): { file: string; selector: string } {
  const hash = source.indexOf('#');
  return hash < 0 ? { file: source, selector: '' } : { file: source.slice(0, hash), selector: source.slice(hash + 1) };
}
