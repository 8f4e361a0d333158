// The pass-through Worker the edge benchmark compares against: it forwards the request to the
// origin exactly as the Slotwise Worker does (same URL mapping, same Request copy) and returns
// the origin's response untouched. Everything Slotwise adds is measured against this.
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(new Request(new URL(url.pathname + url.search, env.ORIGIN), request), { redirect: 'manual' });
  },
};
