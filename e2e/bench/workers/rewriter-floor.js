// The floor under any edge personalization: the pass-through Worker (passthrough.js), with the
// page streamed through an HTMLRewriter that has one no-op `[data-slot]` handler and changes
// nothing. What it costs over the pass-through is the platform's own price of rewriting a page
// while it streams, before Slotwise decides or writes anything.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const origin = await fetch(new Request(new URL(url.pathname + url.search, env.ORIGIN), request), { redirect: 'manual' });
    return new HTMLRewriter().on('[data-slot]', { element() {} }).transform(origin);
  },
};
