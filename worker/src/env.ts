/** The Worker's bindings, as wrangler.jsonc declares them (secrets via `wrangler secret put`). */
import type { ConfigPublisher } from './config-publisher.ts';
import type { EventStore } from './event-store.ts';

export interface Env {
  CONFIG: KVNamespace;
  /** One EventStore per site: delivered events, deduplicated by id. */
  EVENTS: DurableObjectNamespace<EventStore>;
  /** The site's draft, live version and audit log; serializes publishes. */
  PUBLISHER: DurableObjectNamespace<ConfigPublisher>;
  /** Origin base URL; empty or absent when the Worker sits on a route in front of the site. */
  ORIGIN?: string;
  /** "true" only in local development: honours `?sw_country=` and similar overrides. */
  DEV_OVERRIDES?: string;
  /** Secret that unlocks the decision-trace view (`?sw_debug=<token>` or `X-Slotwise-Debug`). */
  DEBUG_TOKEN?: string;
  /** Password of the editor and the Admin API (`wrangler secret put ADMIN_PASSWORD`); unset, the Admin API is closed. */
  ADMIN_PASSWORD?: string;
  /** Secret that signs published config snapshots (`wrangler secret put CONFIG_SIGNING_KEY`); unset, a key derived from ADMIN_PASSWORD is used. */
  CONFIG_SIGNING_KEY?: string;
  /** Server key of the Decide API for other channels (`wrangler secret put DECIDE_KEY`); unset, the Decide API is closed. */
  DECIDE_KEY?: string;
  /** How long the isolate trusts its copy of the live pointer, ms (default 1000). */
  CONFIG_TTL_MS?: string;
  /** How long a page may wait on a cold or slow KV before it is served unpersonalized, ms (default 50). */
  CONFIG_BUDGET_MS?: string;
  /** How long the Worker waits for the origin's response headers before answering 504, ms (default 30000). */
  ORIGIN_TIMEOUT_MS?: string;
}

/** A numeric var: its value when it is a non-negative number, else `fallback`. */
export function numberVar(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}
