/**
 * Publish → live on Cloudflare, where KV may serve the old live pointer for up to ~60 s after a
 * publish (issue 23). Isolates learn the live version from the publisher (a Durable Object) in
 * the background, so a publish is served within CONFIG_LIVE_CHECK_MS and one request, while KV
 * still lags. Time is simulated (only Date is faked; timers stay real).
 */
import { parseSiteConfig } from '@slotwise/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { publisher } from '../../src/admin/store.ts';
import { LIVE_POINTER_KEY } from '../../src/config/keys.ts';
import type { Env } from '../../src/env.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, resetPublishedState, slot, stubOrigin } from '../harness.ts';

const NEWSLETTER = '/?utm_source=newsletter';
const LAG_MS = 60_000;
const T0 = Date.parse('2026-06-01T12:00:00Z');

/**
 * The site's KV as a distant location sees it: the live pointer answers with the value it had
 * LAG_MS before (as first seen by this location); everything else as it is. The publisher
 * writes the real KV.
 */
function laggingKv(real: KVNamespace): KVNamespace {
  const seen: { value: string | null; at: number }[] = [];
  const pointer = async (): Promise<string | null> => {
    const now = Date.now();
    const value = await real.get(LIVE_POINTER_KEY);
    if (seen.at(-1)?.value !== value) seen.push({ value, at: now });
    const old = seen.filter((s) => s.at <= now - LAG_MS).at(-1) ?? seen[0]!;
    return old.value;
  };
  return new Proxy(real, {
    get(target, name) {
      if (name === 'get') return (key: string, ...rest: unknown[]) => (key === LIVE_POINTER_KEY ? pointer() : (target.get as (...a: unknown[]) => unknown)(key, ...rest));
      const member = Reflect.get(target, name) as unknown;
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}

/** Publishes through the publisher, as the Admin API does, with `hero` as the newsletter hero text. */
async function publishHero(hero: string): Promise<number> {
  const input = siteConfig(1);
  input.campaigns[0]!.variants[0]!.content = { hero: { kind: 'text', body: hero } };
  const parsed = parseSiteConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const result = await publisher(env).publish(parsed.config, undefined, 'test', hero, 'publish');
  if (!result.ok) throw new Error('publish refused');
  return result.version;
}

async function heroAt(ms: number, overrides: Partial<Env>): Promise<string> {
  vi.setSystemTime(T0 + ms);
  return slot(await (await call(NEWSLETTER, {}, overrides)).text(), 'hero').html;
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  await resetPublishedState();
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('publish → live with a KV that lags 60 s', () => {
  it('serves the new version within CONFIG_LIVE_CHECK_MS and a request, learnt from the publisher while KV still says the old one', async () => {
    const kv = laggingKv(env.CONFIG);
    const overrides: Partial<Env> = { CONFIG: kv, CONFIG_LIVE_CHECK_MS: '1000' };
    await publishHero('Version one');
    expect(await heroAt(0, overrides)).toBe('Version one');
    const published = await publishHero('Version two');
    expect(published).toBe(2);
    // A page never waits for the publisher: the request that learns of v2 is still served v1
    // when its TTL has not run out, and the next request is v2.
    const seen: string[] = [];
    for (const ms of [200, 1100, 1200, 1300]) seen.push(await heroAt(ms, overrides));
    expect(seen.at(-1)).toBe('Version two');
    expect(seen.indexOf('Version two')).toBeLessThanOrEqual(2);
    expect(await kv.get(LIVE_POINTER_KEY)).toBe('1');
    // And it stays there while KV catches up.
    expect(await heroAt(30_000, overrides)).toBe('Version two');
    expect(await heroAt(70_000, overrides)).toBe('Version two');
  });

  it('with the check off (KV only), the old version is served until KV catches up, 60 s later', async () => {
    const overrides: Partial<Env> = { CONFIG: laggingKv(env.CONFIG), CONFIG_LIVE_CHECK_MS: '0' };
    await publishHero('Version one');
    expect(await heroAt(0, overrides)).toBe('Version one');
    await publishHero('Version two');
    expect(await heroAt(1500, overrides)).toBe('Version one');
    expect(await heroAt(59_000, overrides)).toBe('Version one');
    expect(await heroAt(62_000, overrides)).toBe('Version two');
  });

  it('keeps serving from KV when the publisher cannot be asked', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const broken = { get: () => ({ live: () => Promise.reject(new Error('publisher down')) }), idFromName: () => ({}) } as unknown as Env['PUBLISHER'];
    await publishHero('Version one');
    const overrides: Partial<Env> = { PUBLISHER: broken, CONFIG_LIVE_CHECK_MS: '1000' };
    expect(await heroAt(0, overrides)).toBe('Version one');
    await publishHero('Version two');
    expect(await heroAt(1500, overrides)).toBe('Version two');
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringMatching(/live version not checked with the publisher: Error: publisher down/));
  });
});
