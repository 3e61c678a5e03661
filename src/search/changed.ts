/**
 * What this process forgets when it changes the index itself (an ingest, an upload, a removal, a
 * taxonomy saved): the answers it computed (cache.ts) and the held posting lists' last confirmation
 * (held-postings.ts), so that its next answer reads the index as it now is rather than within the
 * second both otherwise allow another process's change.
 */
import type { SearchContext } from './context.js';
import { heldPostingsOf } from './held-postings.js';

export function indexChangedHere(ctx: SearchContext): void {
  ctx.cache?.invalidate();
  heldPostingsOf(ctx).distrust();
}
