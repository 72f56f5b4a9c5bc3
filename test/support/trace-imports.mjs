// `node --import ./test/support/trace-imports.mjs …`: appends the URL of every module the process
// resolves to the file named by IMPORT_TRACE_FILE, to check what a command loads.
import { register } from 'node:module';

register('./trace-imports-hooks.mjs', import.meta.url);
