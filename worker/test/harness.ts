/**
 * Test harness for the Worker inside workerd: publish configs into the real KV binding, stand
 * in for the origin by stubbing fetch, and call the Worker the way the runtime does.
 */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env as rawEnv } from 'cloudflare:workers';
import type { SiteConfigInput } from '@slotwise/core';
import { vi } from 'vitest';
import { LIVE_POINTER_KEY, snapshotKey } from '../src/config/keys.ts';
import type { Env } from '../src/env.ts';
import { resetConfigCache } from '../src/config/live.ts';
import worker from '../src/index.ts';

export const env = rawEnv as unknown as Env;
export const ORIGIN = 'http://origin.test';

/** Writes a snapshot signed as the Admin API signs it (config-signature.ts) and points live at it. */
export async function publish(config: SiteConfigInput): Promise<void> {
  await putSnapshot(config.version, JSON.stringify(config));
  await env.CONFIG.put(LIVE_POINTER_KEY, String(config.version));
}

/** Stores `value` (text or raw bytes) as snapshot `version`, signed unless `sig` says otherwise. */
export async function putSnapshot(version: number, value: string | Uint8Array, sig?: string | null): Promise<void> {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  const signature = sig === undefined ? await signBytes(bytes) : sig;
  await env.CONFIG.put(snapshotKey(version), bytes, signature === null ? {} : { metadata: { sig: signature } });
}

/** The signature the Worker's key gives these bytes: the same computation as signSnapshot, over bytes. */
export async function signBytes(bytes: Uint8Array, secret = env.CONFIG_SIGNING_KEY ?? ''): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes));
  return `hmac-sha256:${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type OriginHandler = (request: Request) => Response | Promise<Response>;

/** Replaces the network: every fetch the Worker makes goes to `handler`. Returns the requests seen. */
export function stubOrigin(handler: OriginHandler): Request[] {
  const seen: Request[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    seen.push(request);
    // As fetch does: an abort rejects the call, whatever the origin is still doing.
    const { signal } = request;
    signal.throwIfAborted();
    return Promise.race([handler(request), new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]);
  });
  return seen;
}

export function htmlPage(body: string, head = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
}

export function html(body: string, init: ResponseInit = {}): Response {
  return new Response(body, { ...init, headers: { 'content-type': 'text/html; charset=utf-8', ...init.headers } });
}

/**
 * Calls the Worker like the runtime does. `background: 'skip'` returns without waiting for
 * ctx.waitUntil work, for cases where that work is meant to outlive the response.
 */
export async function call(
  path: string,
  init: RequestInit & { cf?: Record<string, unknown> } = {},
  overrides: Partial<Env> = {},
  background: 'wait' | 'skip' = 'wait',
): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`https://shop.test${path}`, init as RequestInit);
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, withOverrides(overrides), ctx);
  if (background === 'wait') await waitOnExecutionContext(ctx);
  return response;
}

/** The test env with overrides; getters on `overrides` stay getters, so a binding can be made to throw. */
function withOverrides(overrides: Partial<Env>): Env {
  return Object.defineProperties({ ...env }, Object.getOwnPropertyDescriptors(overrides)) as Env;
}

/** The inner HTML of the first element with data-slot=name, and its data-sw-v mark. */
export function slot(page: string, name: string): { html: string; mark: string | null } {
  const re = new RegExp(`<([a-z]+)([^>]*data-slot="${name}"[^>]*)>([\\s\\S]*?)</\\1>`);
  const match = re.exec(page);
  if (!match) throw new Error(`slot ${name} not found in page`);
  const mark = /data-sw-v="([^"]*)"/.exec(match[2] ?? '')?.[1] ?? null;
  return { html: match[3] ?? '', mark };
}

/**
 * Durable Object storage and KV outlive a test within a file: forget every snapshot, the live
 * pointer, the config cache, and the site's draft, audit log, draft history and kept drafts.
 */
export async function resetPublishedState(): Promise<void> {
  resetConfigCache();
  const keys = await env.CONFIG.list();
  await Promise.all(keys.keys.map((k) => env.CONFIG.delete(k.name)));
  await runInDurableObject(env.PUBLISHER.get(env.PUBLISHER.idFromName('site')), (_, state) => {
    for (const table of ['state', 'audit', 'draft_history', 'kept_drafts']) state.storage.sql.exec(`DELETE FROM ${table}`);
  });
}
