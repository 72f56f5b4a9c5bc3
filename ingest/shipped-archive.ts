// The Istio archive shipped with the package (207 guideline pages of v0.8 and v1.0-v1.25 as one
// archive bundle, see archive/README.md and ingest/bundle.ts), and the name a knowledge base records
// for it. Recorded by its path, it would be another source after every upgrade that installs the
// package elsewhere (an npx cache folder per release, a global install per Node version): the next
// ingest would parse every page again (the stored raw hashes are keyed by source), and a start
// could not tell that its start-up source is the one an earlier build ingested. No parser here: a
// start reads this without loading cheerio.
import path from 'node:path';
import { packagePath } from '../src/support/package-root.ts';

export const SHIPPED_ARCHIVE = packagePath('archive', 'istio-archive.json.br');

/** What a knowledge base records for the shipped archive, wherever the package is installed; accepted as a source too. */
export const SHIPPED_ARCHIVE_NAME = 'istio-kb:archive/istio-archive.json.br';

const URL_SOURCE = /^https?:\/\//i;
/** Names of the package's own files (only the archive is one): never paths of this directory. */
const PACKAGE_NAME = /^istio-kb:/;

/** A bundle source's file and its page selector (`file.json.br#v1.0/`); a source without `#` is all file. */
function split(source: string): [file: string, selector: string] {
  const hash = source.indexOf('#');
  return hash < 0 ? [source, ''] : [source.slice(0, hash), source.slice(hash)];
}

/**
 * The name recorded for a source (a run's source, a page's): the shipped archive (or a selection
 * of it) by its package name, a path resolved, a URL as it is.
 */
export function recordedSource(source: string): string {
  if (URL_SOURCE.test(source) || PACKAGE_NAME.test(source)) return source;
  const [file, selector] = split(source);
  const resolved = path.resolve(file);
  return `${resolved === SHIPPED_ARCHIVE ? SHIPPED_ARCHIVE_NAME : resolved}${selector}`;
}

/** The file a bundle's file name stands for: the shipped archive's name is its path in this installation. */
export function bundleFile(file: string): string {
  return file === SHIPPED_ARCHIVE_NAME ? SHIPPED_ARCHIVE : file;
}

/**
 * Whether a source recorded by an earlier run is the start-up source `wanted`: the same URL, path or
 * name. A run recorded before the shipped archive had a name holds the path it had then, which may
 * be another installation's: the archive's file name in the package's `archive/` folder is enough.
 */
export function sameSource(recorded: string, wanted: string): boolean {
  if (URL_SOURCE.test(recorded) || URL_SOURCE.test(wanted)) return recorded === wanted;
  const named = recordedSource(wanted);
  if (recordedSource(recorded) === named) return true;
  return named === SHIPPED_ARCHIVE_NAME && recorded.split(/[\\/]/).slice(-2).join('/') === SHIPPED_ARCHIVE_NAME.replace(PACKAGE_NAME, '');
}
