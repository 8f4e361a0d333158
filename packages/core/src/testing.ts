/** Builders for tests across packages: a neutral request context and small configs. Not exported from index. */
import { type CompiledConfig, compileConfig } from './compile.ts';
import { parseSiteConfig } from './config.ts';
import type { RequestContext } from './context.ts';
import type { SiteConfigInput } from './schema.ts';

export function testContext(path = '/', overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    page: { url: `https://shop.test${path}`, path, query: {}, referrer: '', referrerHost: '' },
    utm: {},
    geo: { country: '', region: '', city: '', timezone: 'UTC' },
    device: { type: 'desktop', browser: 'chrome', os: 'linux' },
    locale: { language: 'en' },
    time: { hour: 12, weekday: 2 },
    ...overrides,
  };
}

export function testConfig(overrides: Partial<SiteConfigInput> = {}): SiteConfigInput {
  return {
    schema: 1,
    version: 1,
    site: { id: 'shop' },
    slots: [{ name: 'hero', pages: ['/'] }, { name: 'promo', pages: ['/', '/shoes/*'] }, { name: 'banner' }],
    audiences: [{ id: 'de', name: 'Germany', condition: { 'geo.country': 'DE' } }],
    campaigns: [],
    ...overrides,
  };
}

type CampaignInput = SiteConfigInput['campaigns'][number];

/** A live campaign (priority 10) whose one variant puts its id as text into each of its slots (`hero` unless given). */
export function testCampaign(id: string, overrides: Partial<CampaignInput> = {}): CampaignInput {
  const slots = overrides.slots ?? ['hero'];
  return {
    id,
    name: id,
    status: 'live',
    priority: 10,
    slots,
    variants: [{ id: 'v', name: 'V', content: Object.fromEntries(slots.map((s) => [s, { kind: 'text', body: id }])) }],
    ...overrides,
  };
}

/** testConfig with these campaigns, validated (a test's typo throws) and compiled. */
export function compiledTestConfig(campaigns: CampaignInput[], extra: Partial<SiteConfigInput> = {}): CompiledConfig {
  const parsed = parseSiteConfig(testConfig({ campaigns, ...extra }));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return compileConfig(parsed.config);
}

/** Freezes a value and everything in it, so a test proves a function never mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
