/**
 * The Worker's bindings. Those wrangler.jsonc declares (KV, Durable Objects, ORIGIN,
 * ORIGIN_TIMEOUT_MS) are generated from it by `wrangler types` into worker-configuration.d.ts
 * (`node worker/env-types.mjs`; `npm run typecheck` fails while that file is out of date). The
 * secrets (`wrangler secret put`) and the optional vars it leaves out are declared here: unset,
 * each turns its feature off.
 */
export interface Env extends Cloudflare.Env, Secrets {}

export interface Secrets {
  /** "true" only in local development: honours `?sw_country=` and similar overrides. */
  DEV_OVERRIDES?: string;
  /** Secret that unlocks the decision-trace view (`?sw_debug=<token>` or `X-Slotwise-Debug`). */
  DEBUG_TOKEN?: string;
  /**
   * The Admin API's bearer key for scripts (acts as an admin), and the first admin's password:
   * while no account exists, signing in with a name and it creates that admin
   * (`wrangler secret put ADMIN_PASSWORD`). Unset, only accounts and Access sign in.
   */
  ADMIN_PASSWORD?: string;
  /** Secret that signs published config snapshots (`wrangler secret put CONFIG_SIGNING_KEY`); unset, a key derived from ADMIN_PASSWORD is used. */
  CONFIG_SIGNING_KEY?: string;
  /** Server key of the Decide API for other channels (`wrangler secret put DECIDE_KEY`); unset, the Decide API is closed. */
  DECIDE_KEY?: string;
  /**
   * Shared with the site's backend, which signs the customer id it passes to `sw.identify`
   * (`wrangler secret put IDENTITY_SECRET`; docs/sdk.md). Unset, no `sw_uid` is trusted: ID lists
   * match nobody on pages.
   */
  IDENTITY_SECRET?: string;
  /**
   * The key ID lists are hashed with (`wrangler secret put ID_HASH_KEY`; docs/admin-api.md); only
   * the Worker holds it. Unset, lists cannot be uploaded and match nobody. Changing it means
   * uploading every list again.
   */
  ID_HASH_KEY?: string;
  /** Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`): with ACCESS_AUD, Access JWTs sign people in. */
  ACCESS_TEAM_DOMAIN?: string;
  /** The Access application's audience tag (AUD). */
  ACCESS_AUD?: string;
  /** JSON mapping Access emails, `*@domain`s or group names to roles: `{"alice@example.com": "admin", "marketing": "editor"}`. */
  ACCESS_ROLES?: string;
  /** How long the isolate trusts its copy of the live pointer, ms (default 1000). */
  CONFIG_TTL_MS?: string;
  /** How long a page may wait on a cold or slow KV before it is served unpersonalized, ms (default 50). */
  CONFIG_BUDGET_MS?: string;
  /**
   * `direct`: /__sw/collect writes to the event stores itself and answers with what was new (the
   * single-object path the load test compares against, and the Worker test suite's default).
   * Anything else, or unset: batches go through EVENT_QUEUE (docs/measurement.md).
   */
  EVENT_INGEST?: string;
  /** Where each stored event batch is POSTed, signed with EVENT_WEBHOOK_SECRET (docs/measurement.md, "Webhook"); set by the operator, never by the config. */
  EVENT_WEBHOOK_URL?: string;
  /** The HMAC key of the webhook's `x-slotwise-signature` (`wrangler secret put EVENT_WEBHOOK_SECRET`); unset, no webhook is sent. */
  EVENT_WEBHOOK_SECRET?: string;
  /** Local development only (with DEV_OVERRIDES): faults the load test injects into the pipeline (pipeline/faults.ts). */
  EVENT_FAULTS?: string;
}

/** A numeric var: its value when it is a non-negative number, else `fallback`. */
export function numberVar(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}
