// The Istio archive shipped with the package (207 guideline pages of v0.8 and v1.0-v1.25 as one
// archive bundle, see archive/README.md and ingest/bundle.ts), and the name a knowledge base records
// for it. Recorded by its path, it would be another source after every upgrade that installs the
// package elsewhere (an npx cache folder per release, a global install per Node version): the next
// ingest would parse every page again (the stored raw hashes are keyed by source), and a start
// could not tell that its start-up source is the one an earlier build ingested. No parser here: a
// start reads this without loading cheerio.
import path from 'node:path';
import { packagePath } from '../src/support/package-root.ts';
import { splitBundleSource } from './bundle-source.ts';

/** The archive's place in the package. */
const IN_PACKAGE = 'archive/istio-archive.json.br';
/** Names of the package's own files (only the archive is one): never paths of this directory. */
const PACKAGE_NAME = 'istio-kb:';

export const SHIPPED_ARCHIVE = packagePath(...IN_PACKAGE.split('/'));

/** What a knowledge base records for the shipped archive, wherever the package is installed; accepted as a source too. */
export const SHIPPED_ARCHIVE_NAME = `${PACKAGE_NAME}${IN_PACKAGE}`;

// Not ingest/sources.ts's isHttpUrl: that module loads the parser, which a start does not need.
const URL_SOURCE = /^https?:\/\//i;

/**
 * The name recorded for a source (a run's source, a page's): the shipped archive (or a selection
 * of it) by its package name, a path resolved, a URL as it is.
 */
export function recordedSource(source: string): string {
  if (URL_SOURCE.test(source) || source.startsWith(PACKAGE_NAME)) return source;
  const { file } = splitBundleSource(source);
  const resolved = path.resolve(file);
  // The rest as given, `#` included (a source without a selector has none).
  return `${resolved === SHIPPED_ARCHIVE ? SHIPPED_ARCHIVE_NAME : resolved}${source.slice(file.length)}`;
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
  return named === SHIPPED_ARCHIVE_NAME && recorded.split(/[\\/]/).slice(-2).join('/') === IN_PACKAGE;
}
