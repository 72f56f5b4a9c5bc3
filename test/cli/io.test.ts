// The CLI reads folders as `kubectl apply -f DIR` does: CI jobs name their manifests folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifestFiles } from '../../src/cli/io.ts';
import { BadUserInputError, InputTooLargeError } from '../../src/errors.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-cli-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n';
function tree(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('readManifestFiles', () => {
  const k8s = tree(path.join(dir, 'k8s'), {
    'b.yaml': SERVICE,
    'a.yml': SERVICE,
    'c.json': '{}',
    'README.md': '# not a manifest',
    'chart/templates/vs.yaml': SERVICE,
    '.github/workflows/ci.yaml': 'on: push',
  });

  it('reads the .yaml, .yml and .json files of a folder in name order, not its sub-folders', async () => {
    const inputs = await readManifestFiles([k8s], 1024);
    expect(inputs.map((i) => path.relative(k8s, i.file))).toEqual(['a.yml', 'b.yaml', 'c.json']);
    expect(inputs[0]?.text).toBe(SERVICE);
  });

  it('descends into sub-folders with recursive, leaving hidden ones out', async () => {
    const inputs = await readManifestFiles([k8s], 1024, { recursive: true });
    expect(inputs.map((i) => path.relative(k8s, i.file))).toEqual(['a.yml', 'b.yaml', 'c.json', path.join('chart', 'templates', 'vs.yaml')]);
  });

  it('refuses a folder without manifests with a message that says what it looked for', async () => {
    const empty = tree(path.join(dir, 'empty'), { 'notes.txt': 'x' });
    await expect(readManifestFiles([empty], 1024)).rejects.toThrow(BadUserInputError);
    await expect(readManifestFiles([empty], 1024)).rejects.toThrow(/holds no \.yaml, \.yml or \.json file \(sub-folders are read with --recursive\)/);
    await expect(readManifestFiles([path.join(dir, 'missing')], 1024)).rejects.toThrow(/no such file/);
  });

  it('holds each file of a folder to the size guard', async () => {
    await expect(readManifestFiles([k8s], 10)).rejects.toThrow(InputTooLargeError);
  });
});
