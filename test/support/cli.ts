// Runs the CLI as a user does, asynchronously: a synchronous spawn would block this test worker's
// event loop for the whole run, and on a busy machine vitest's own messages to the worker
// ("onTaskUpdate") then time out (see vitest.config.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './shared.ts';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; nodeArgs?: readonly string[]; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(REPO_ROOT, 'bin/istio-kb.js'), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit before reading all of it
    child.stdin.end(options.input ?? '');
  });
}
