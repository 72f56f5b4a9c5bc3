// Public ids derive from the stable key and the version, never from storage row ids, so they
// survive re-ingests and a move to another database.
export function entryId(key: string, version: string): string {
  return Buffer.from(`Entry:${version}:${key}`).toString('base64url');
}
