// A tool call on a knowledge base that holds nothing yet (first start, ingest still running) is an
// error that says so, not an empty answer an agent would take for "no guideline covers this".
import type { AppContext } from '../app.ts';
import { NotReadyError } from '../errors.ts';

export function readiness(ctx: Pick<AppContext, 'isReady'>, pending: Promise<unknown> = Promise.resolve()): () => Promise<void> {
  // Once it holds entries it keeps them (an ingest replaces, never empties): no count per call after that.
  let ready = false;
  return async () => {
    if (ready) return;
    // A knowledge base that holds entries answers at once, even while its start-up sources are parsed
    // again (`pending` then is that); an empty one waits for the ingest filling it.
    ready = await ctx.isReady();
    if (ready) return;
    await pending;
    ready = await ctx.isReady();
    if (!ready) throw new NotReadyError('The knowledge base holds no guideline yet (the first ingest has not finished); retry shortly.');
  };
}
