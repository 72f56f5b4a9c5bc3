// SQLite runs in better-sqlite3's native module, built by its install script for one Node version.
// Two ordinary ways to end up without a usable one, both reported by Node in words that point at the
// wrong thing ("Could not locate the bindings file", a dlopen error), and both fixed by one command:
// - the install script never ran: npm 12 skips a dependency's install script unless package.json's
//   `allowScripts` approves it (this project's does), and `--ignore-scripts` skips it on any npm;
// - the module was built for another Node (the machine's Node changed since `npm install`: nvm, an
//   upgrade, a second Node in CI), which Node reports as a NODE_MODULE_VERSION mismatch.

/** What to tell an operator when better-sqlite3's native module cannot be loaded; null for any other error. */
export function explainNativeModuleFailure(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  const code = (error as { code?: unknown } | null)?.code;
  const fix = `Run \`npm rebuild better-sqlite3\` in the istio-kb folder with this Node (${process.version}).`;
  if (message.startsWith('Could not locate the bindings file')) {
    return `better-sqlite3's native module was never built: its install script did not run (npm 12 and later run a dependency's install script only when package.json "allowScripts" approves it, and --ignore-scripts skips it). ${fix}`;
  }
  if (code === 'ERR_DLOPEN_FAILED' && message.includes('better_sqlite3')) {
    const versions = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
    const which = versions ? ` (built for NODE_MODULE_VERSION ${versions[1]}, this Node needs ${versions[2]})` : '';
    return `better-sqlite3's native module cannot be loaded by this Node${which}: it was built for another Node version or is damaged. ${fix}`;
  }
  return null;
}
