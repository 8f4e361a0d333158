import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from './config.ts';
import { covariateOf, metricKey, metricsOf } from './metrics.ts';
import type { Campaign, SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

const campaign = (extra: Record<string, unknown>) =>
  ({ id: 'c', name: 'C', status: 'live', priority: 1, slots: ['hero'], variants: [{ id: 'a', name: 'A', content: {} }], ...extra }) as SiteConfigInput['campaigns'][number];

function parse(extra: Record<string, unknown>) {
  return parseSiteConfig(testConfig({ campaigns: [campaign(extra)] }));
}

const PURCHASE = { type: 'event', event: 'purchase' } as const;

describe('campaign metrics', () => {
  it("keep a campaign's old single goal as its primary metric", () => {
    const parsed = parse({ goal: { type: 'event', event: 'signup' } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const c = parsed.config.campaigns[0] as Campaign;
    expect(metricsOf(c, PURCHASE)).toEqual([{ id: 'goal', role: 'primary', kind: 'conversion', event: 'signup' }]);
    expect(metricsOf({}, PURCHASE)).toEqual([{ id: 'goal', role: 'primary', kind: 'conversion', event: 'purchase' }]);
    expect(metricsOf({ goal: { type: 'page', path: '/thanks' } }, PURCHASE)[0]).toMatchObject({ kind: 'page-visit', path: '/thanks' });
  });

  it('put the primary of a metrics list first, with the goal as primary when the list names none', () => {
    const metrics = [
      { id: 'cls', role: 'guardrail', kind: 'cls', autoPause: true },
      { id: 'rev', role: 'primary', kind: 'revenue-per-visitor' },
    ];
    const parsed = parse({ goal: { type: 'event', event: 'signup' }, metrics });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(metricsOf(parsed.config.campaigns[0] as Campaign, PURCHASE).map((m) => m.id)).toEqual(['rev', 'cls']);
    expect(metricsOf({ goal: { type: 'event', event: 'signup' }, metrics: [metrics[0] as never] }, PURCHASE).map((m) => m.id)).toEqual(['goal', 'cls']);
  });

  it('refuse a list with two primaries, a repeated id, a conversion without its event or an unknown kind, naming where', () => {
    const two = parse({
      metrics: [
        { id: 'a', role: 'primary', kind: 'revenue-per-visitor' },
        { id: 'b', role: 'primary', kind: 'aov' },
      ],
    });
    expect(two.ok ? '' : two.errors[0]).toMatch(/campaigns\[0\]\.metrics.*at most one primary/);
    const dup = parse({
      metrics: [
        { id: 'a', role: 'secondary', kind: 'revenue-per-visitor' },
        { id: 'a', role: 'guardrail', kind: 'cls' },
      ],
    });
    expect(dup.ok ? '' : dup.errors[0]).toMatch(/unique/);
    const noEvent = parse({ metrics: [{ id: 'a', role: 'secondary', kind: 'conversion' }] });
    expect(noEvent.ok ? '' : noEvent.errors[0]).toMatch(/needs its event/);
    const kind = parse({ metrics: [{ id: 'a', role: 'secondary', kind: 'bounce' }] });
    expect(kind.ok ? '' : kind.errors[0]).toMatch(/campaigns\[0\]\.metrics\[0\]\.kind/);
  });

  it('measure each metric under an event store key, with a pre-exposure covariate', () => {
    expect(metricKey({ id: 'a', role: 'primary', kind: 'conversion', event: 'signup' })).toBe('signup');
    expect(metricKey({ id: 'a', role: 'primary', kind: 'aov' })).toBe('purchase');
    expect(metricKey({ id: 'a', role: 'primary', kind: 'page-visit', path: '/thanks' })).toBe('page:/thanks');
    expect(metricKey({ id: 'a', role: 'guardrail', kind: 'cls' })).toBe('vital:cls');
    expect(covariateOf('signup')).toBe('signup');
    expect(covariateOf('vital:cls')).toBe('page_view');
    expect(covariateOf('page:/thanks')).toBe('page_view');
  });
});
