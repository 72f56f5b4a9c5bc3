// A missing or mismatched better-sqlite3 build is reported as what it is, with the one command that
// fixes it, instead of "restore the database from a backup". The messages are Node's and the
// `bindings` package's own, captured from a `npm ci` under npm 12.2.2 without "allowScripts" and from
// a module built for Node 26 loaded by Node 20.
import { describe, expect, it } from 'vitest';
import { explainNativeModuleFailure } from '../../src/db/native.ts';

const notBuilt = new Error(
  'Could not locate the bindings file. Tried:\n → /srv/istio-kb/node_modules/better-sqlite3/build/better_sqlite3.node\n → /srv/istio-kb/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
);

const otherNode = Object.assign(
  new Error(
    "The module '/srv/istio-kb/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 147. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
  ),
  { code: 'ERR_DLOPEN_FAILED' },
);

describe('explainNativeModuleFailure', () => {
  it('says the install script did not run, and how to build the module', () => {
    const text = explainNativeModuleFailure(notBuilt);
    expect(text).toMatch(/never built/);
    expect(text).toMatch(/allowScripts/);
    expect(text).toContain('npm rebuild better-sqlite3');
    expect(text).toContain(process.version);
  });

  it('says the module was built for another Node, with both module versions', () => {
    const text = explainNativeModuleFailure(otherNode);
    expect(text).toMatch(/built for NODE_MODULE_VERSION 147, this Node needs 115/);
    expect(text).toContain('npm rebuild better-sqlite3');
  });

  it('leaves every other error to the caller', () => {
    expect(explainNativeModuleFailure(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }))).toBeNull();
    expect(explainNativeModuleFailure(Object.assign(new Error('libfoo.so: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' }))).toBeNull();
    expect(explainNativeModuleFailure('a string')).toBeNull();
    expect(explainNativeModuleFailure(null)).toBeNull();
  });
});
