// Reading manifests for the CLI: files, folders (their .yaml, .yml and .json files, as `kubectl
// apply -f DIR` reads them) or "-" for standard input, up to the --max-bytes guard.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputTooLargeError, BadUserInputError } from '../errors.ts';
import type { ManifestInput } from '../rules/result.ts';

/** What `kubectl apply -f DIR` reads from a folder. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadOptions {
  /** Descend into sub-folders of a folder argument (kubectl's -R). */
  readonly recursive?: boolean;
}

async function readStdin(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new InputTooLargeError(`Standard input is larger than ${maxBytes} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The manifest files of a folder in name order; hidden entries (.git, .github) are left out. */
async function filesOf(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...(await filesOf(full, true)));
    } else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

export async function readManifestFiles(files: readonly string[], maxBytes: number, options: ReadOptions = {}): Promise<ManifestInput[]> {
  const inputs: ManifestInput[] = [];
  // The total is held to the limit by the engine's parse budget; a file over it alone is refused unread.
  const add = async (file: string, size: number): Promise<void> => {
    if (size > maxBytes) throw new InputTooLargeError(`${file} is larger than ${maxBytes} bytes.`);
    inputs.push({ file, text: await readFile(file, 'utf8') });
  };
  for (const file of files) {
    if (file === '-') {
      inputs.push({ file: '<stdin>', text: await readStdin(maxBytes) });
      continue;
    }
    const info = await stat(file).catch(() => null);
    if (!info) throw new BadUserInputError(`Cannot read ${file}: no such file.`);
    if (info.isDirectory()) {
      const found = await filesOf(file, options.recursive === true);
      if (found.length === 0) {
        throw new BadUserInputError(`Cannot read ${file}: the folder holds no .yaml, .yml or .json file${options.recursive ? '' : ' (sub-folders are read with --recursive)'}.`);
      }
      for (const f of found) await add(f, (await stat(f)).size);
      continue;
    }
    if (!info.isFile()) throw new BadUserInputError(`Cannot read ${file}: not a file or folder.`);
    await add(file, info.size);
  }
  return inputs;
}
