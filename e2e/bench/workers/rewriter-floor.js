// The floor under any edge personalization: the pass-through Worker (passthrough.js), with the
// page streamed through an HTMLRewriter that has one no-op `[data-slot]` handler and changes
// nothing. What it costs over the pass-through is the platform's own price of rewriting a page
// while it streams, before Slotwise decides or writes anything.
import passthrough from './passthrough.js';

/** The no-op rewriter, also run by the CPU probe's `floor` mode. */
export const noopRewriter = () => new HTMLRewriter().on('[data-slot]', { element() {} });

export default {
  async fetch(request, env) {
    return noopRewriter().transform(await passthrough.fetch(request, env));
  },
};
