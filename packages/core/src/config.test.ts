import { describe, expect, it } from 'vitest';
import demo from '../../../e2e/demo-config.json';
import { parseSiteConfig } from './config.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

const live = (overrides: Record<string, unknown> = {}) => ({
  id: 'c1',
  name: 'C',
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'x' } } }],
  ...overrides,
});
const errorsOf = (input: unknown) => {
  const result = parseSiteConfig(input);
  return result.ok ? [] : result.errors;
};
const withCampaign = (overrides: Record<string, unknown>) => testConfig({ campaigns: [live(overrides) as SiteConfigInput['campaigns'][number]] });

describe('parseSiteConfig', () => {
  it('accepts the seeded demo config and applies defaults', () => {
    const result = parseSiteConfig(demo);
    expect(result.ok).toBe(true);
    const minimal = parseSiteConfig(withCampaign({}));
    if (!minimal.ok) throw new Error(minimal.errors.join());
    expect(minimal.config.site.consent).toBe('required');
    expect(minimal.config.campaigns[0]?.holdoutPct).toBe(0);
  });

  it.each([
    ['an unknown audience', withCampaign({ audience: 'nope' }), 'campaigns[0].audience: unknown audience "nope"'],
    ['an unknown slot', withCampaign({ slots: ['hero', 'sidebar'] }), 'campaigns[0].slots[1]: unknown slot "sidebar"'],
    [
      'content for a slot the campaign does not target',
      withCampaign({ variants: [{ id: 'v', name: 'V', content: { promo: { kind: 'text', body: 'x' } } }] }),
      'campaigns[0].variants[0].content.promo: slot "promo" is not one of the campaign\'s slots',
    ],
    [
      'the reserved variant id',
      withCampaign({ variants: [{ id: 'control', name: 'V', content: {} }] }),
      'campaigns[0].variants[0].id: "control" is reserved for the control group',
    ],
    [
      'a schedule that ends before it starts',
      withCampaign({ schedule: { start: '2026-02-01T00:00:00Z', end: '2026-01-01T00:00:00Z' } }),
      'campaigns[0].schedule.end: must be after schedule.start',
    ],
    ['a 100% control group', withCampaign({ holdoutPct: 100 }), 'campaigns[0].holdoutPct: must be below 100, or nobody sees a variant'],
    ['only zero weights', withCampaign({ variants: [{ id: 'v', name: 'V', weight: 0, content: {} }] }), 'campaigns[0].variants: at least one variant needs a weight above 0'],
    ['a missing field', withCampaign({ name: undefined }), 'campaigns[0].name: is required'],
  ])('names the field for %s', (_, input, message) => {
    expect(errorsOf(input)).toContain(message);
  });

  it('reports duplicates and bad ids', () => {
    const input = testConfig({ site: { id: 'bad id!' }, campaigns: [live(), live()] as SiteConfigInput['campaigns'] });
    const errors = errorsOf(input);
    expect(errors.some((e) => e.startsWith('site.id: must be 1-64 letters'))).toBe(true);
    expect(errorsOf(testConfig({ campaigns: [live(), live()] as SiteConfigInput['campaigns'] }))).toContain('campaigns[1].id: duplicate campaign "c1"');
  });

  it('checks audience conditions: unknown operators and regexes that would never match, saying why', () => {
    const input = testConfig({
      audiences: [
        { id: 'a', name: 'A', condition: { $and: [{ country: { $foo: 1 } }] } },
        { id: 'b', name: 'B', condition: { path: { $regex: '(?<=/p/)boot' } } },
        // Safe on the linear-time engine, so accepted (it used to be refused as catastrophic).
        { id: 'c', name: 'C', condition: { path: { $regex: '(a+)+$' } } },
      ],
    });
    const errors = errorsOf(input);
    expect(errors).toEqual([
      'audiences[0].condition.$and[0].country.$foo: unknown operator "$foo"',
      'audiences[1].condition.path.$regex: lookbehind "(?<=" is not supported (regexes run on a linear-time engine)',
    ]);
  });

  it.each([[null], ['config'], [[1, 2]], [{ schema: 2 }]])('rejects %j with errors instead of throwing', (input) => {
    const result = parseSiteConfig(input);
    expect(result.ok).toBe(false);
  });
});
