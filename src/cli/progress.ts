// A one-line progress bar on a terminal (stderr), silent otherwise so pipes and CI logs stay clean.
import type { Progress } from '../../ingest/pipeline.ts';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((p: Progress) => void) & { done(): void } {
  const enabled = stream.isTTY === true;
  let last = 0;
  const report = (p: Progress) => {
    if (!enabled) return;
    const now = Date.now();
    if (now - last < 50 && p.done !== p.total) return;
    last = now;
    const width = 30;
    const filled = Math.round((p.done / Math.max(1, p.total)) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    stream.write(`\r${bar} ${p.done}/${p.total} pages${p.version ? `  v${p.version}` : ''}\x1b[K`);
  };
  return Object.assign(report, {
    done() {
      if (enabled) stream.write('\r\x1b[K');
    },
  });
}
