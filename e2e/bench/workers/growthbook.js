// GrowthBook's own Cloudflare edge app (@growthbook/edge-cloudflare 0.1.15, pinned), configured
// through its documented environment variables: PROXY_TARGET (the bench origin) and
// RUN_VISUAL_EDITOR_EXPERIMENTS=edge. The feature/experiment payload is supplied locally: no API
// host, no client key, so it makes no network call but the one to the origin.
//
// The payload goes in through handleRequest's config override, parsed once per isolate (the
// cheapest way for GrowthBook). Its GROWTHBOOK_PAYLOAD variable does not work in 0.1.15: init()
// reads it, then overwrites it with the KV_GB_PAYLOAD read, undefined without that binding, and
// GrowthBook then throws "Missing clientKey". A KV payload would add a KV read per request.
import { handleRequest } from '@growthbook/edge-cloudflare';

let payload;

export default {
  fetch(request, env) {
    payload ??= JSON.parse(env.BENCH_GB_PAYLOAD);
    return handleRequest(request, env, { payload });
  },
};
