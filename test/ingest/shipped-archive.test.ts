// The name a knowledge base records for a source: the shipped archive by the package's name (the
// same in every installation), paths resolved, URLs as they are.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFile, recordedSource, SHIPPED_ARCHIVE, SHIPPED_ARCHIVE_NAME } from '../../ingest/shipped-archive.ts';

describe('the name recorded for a source', () => {
  it.each([
    [SHIPPED_ARCHIVE, SHIPPED_ARCHIVE_NAME],
    [`${SHIPPED_ARCHIVE}#v1.4/`, `${SHIPPED_ARCHIVE_NAME}#v1.4/`],
    [`${SHIPPED_ARCHIVE_NAME}#v1.4/`, `${SHIPPED_ARCHIVE_NAME}#v1.4/`],
    // the archive typed relative to the checkout (npm run ingest -- archive/...)
    [path.relative(process.cwd(), SHIPPED_ARCHIVE), SHIPPED_ARCHIVE_NAME],
    // anything else: where it is, whatever the working directory was
    ['pages/my.json.br#v1.0/', `${path.resolve('pages/my.json.br')}#v1.0/`],
    ['/srv/pages', '/srv/pages'],
    ['https://istio.io/v1.4/docs/ops/#x', 'https://istio.io/v1.4/docs/ops/#x'],
    // a package name that is not the archive stays as typed (reading it fails with its own message)
    ['istio-kb:archive/other.json.br', 'istio-kb:archive/other.json.br'],
  ])('%s is recorded as %s', (source, recorded) => {
    expect(recordedSource(source)).toBe(recorded);
  });

  it('reads the archive by its name from this installation', () => {
    expect(bundleFile(SHIPPED_ARCHIVE_NAME)).toBe(SHIPPED_ARCHIVE);
    expect(bundleFile('/srv/my.json.br')).toBe('/srv/my.json.br');
  });
});
