// Reading manifests for the CLI: files or "-" for standard input, up to the --max-bytes guard.
import { readFile, stat } from 'node:fs/promises';
import { InputTooLargeError, BadUserInputError } from '../errors.ts';
import type { ManifestInput } from '../rules/result.ts';

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

export async function readManifestFiles(files: readonly string[], maxBytes: number): Promise<ManifestInput[]> {
  const inputs: ManifestInput[] = [];
  for (const file of files) {
    if (file === '-') {
      inputs.push({ file: '<stdin>', text: await readStdin(maxBytes) });
      continue;
    }
    const info = await stat(file).catch(() => null);
    if (!info) throw new BadUserInputError(`Cannot read ${file}: no such file.`);
    if (!info.isFile()) throw new BadUserInputError(`Cannot read ${file}: not a file.`);
    if (info.size > maxBytes) throw new InputTooLargeError(`${file} is larger than ${maxBytes} bytes.`);
    inputs.push({ file, text: await readFile(file, 'utf8') });
  }
  return inputs;
}
