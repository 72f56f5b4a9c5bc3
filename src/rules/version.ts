// Istio versions as the engine understands them: minor versions ("1.0"); patch releases and a
// leading "v" are accepted and resolved to their minor.
import { BadUserInputError } from '../errors.ts';
import type { IstioVersion, VersionRange } from './types.ts';

const VERSION = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,4})?(?:[-+][0-9A-Za-z.-]{1,64})?$/;

export function parseVersion(input: unknown): IstioVersion {
  const text = typeof input === 'string' ? input.trim() : '';
  const match = VERSION.exec(text);
  if (!match) {
    throw new BadUserInputError(
      `Invalid Istio version ${JSON.stringify(typeof input === 'string' ? input.slice(0, 40) : input ?? null)}: expected a version such as "1.0" or "1.0.6".`,
      { version: typeof input === 'string' ? input.slice(0, 40) : null },
    );
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return { major, minor, name: `${major}.${minor}` };
}

export function compareVersions(a: IstioVersion, b: IstioVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function inRange(version: IstioVersion, range: VersionRange): boolean {
  if (range.from !== undefined && compareVersions(version, parseVersion(range.from)) < 0) return false;
  if (range.to !== undefined && compareVersions(version, parseVersion(range.to)) > 0) return false;
  return true;
}
