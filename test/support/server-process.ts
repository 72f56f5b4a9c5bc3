// The address of a server started as a child process (`istio-kb serve`, `src/main.ts`), read from its
// "listening at" log line on stdout; its request log is drained unread from then on, so the child
// never blocks on a full pipe. Shared by the replica tests and the providers benchmark.
import type { ChildProcess } from 'node:child_process';

/** Rejects after `timeoutMs` or when the child exits first; `detail` adds e.g. its stderr to the error. */
export function listeningUrl(child: ChildProcess, timeoutMs: number, detail: () => string = () => ''): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs / 1000} s${suffix(detail())}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}${suffix(detail())}`));
    });
  });
}

const suffix = (s: string) => (s ? `: ${s}` : '');
