import { describe, expect, it } from 'vitest';
import type { CampaignInput } from './draft-ops.ts';
import { addMetric, removeMetric, setAutoPause, setCapPercentile, setMetricKind, setMetricRole, setMetricTarget } from './metrics.ts';

const campaign: CampaignInput = {
  id: 'hero',
  name: 'Hero',
  status: 'draft',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'a', name: 'A', content: {} }],
  goal: { type: 'event', event: 'signup' },
};

describe("a campaign's metrics in the editor", () => {
  it('add a guardrail, tick its auto-pause, and keep the goal as the primary while the list names none', () => {
    const c = setAutoPause('cls', true)(addMetric('cls', 'guardrail')(campaign));
    expect(c.metrics).toEqual([{ id: 'cls', role: 'guardrail', kind: 'cls', autoPause: true }]);
    expect(c.goal).toEqual(campaign.goal);
    expect(setAutoPause('cls', false)(c).metrics).toEqual([{ id: 'cls', role: 'guardrail', kind: 'cls' }]);
  });

  it('keep one primary: a new primary makes the previous one secondary', () => {
    const c = addMetric('aov', 'primary')(addMetric('revenue-per-visitor', 'primary')(campaign));
    expect(c.metrics?.map((m) => [m.id, m.role])).toEqual([
      ['revenue-per-visitor', 'secondary'],
      ['aov', 'primary'],
    ]);
    expect(setMetricRole('revenue-per-visitor', 'primary')(c).metrics?.map((m) => m.role)).toEqual(['primary', 'secondary']);
  });

  it('give each kind what it needs, unique ids, and drop auto-pause off a metric that is no longer a guardrail', () => {
    let c = addMetric('conversion', 'secondary')(addMetric('conversion', 'secondary')(campaign));
    expect(c.metrics?.map((m) => [m.id, m.event])).toEqual([
      ['conversion', 'purchase'],
      ['conversion-2', 'purchase'],
    ]);
    c = setMetricTarget('conversion-2', 'add_to_cart')(c);
    expect(c.metrics?.[1]?.event).toBe('add_to_cart');
    c = setMetricKind('conversion-2', 'page-visit')(c);
    expect(c.metrics?.[1]).toEqual({ id: 'conversion-2', role: 'secondary', kind: 'page-visit', path: '/' });
    c = setAutoPause('inp', true)(setMetricRole('conversion', 'guardrail')(setMetricKind('conversion', 'inp')(c)));
    expect(c.metrics?.[0]).toEqual({ id: 'conversion', role: 'guardrail', kind: 'inp' });
    expect(setMetricRole('conversion', 'secondary')(setAutoPause('conversion', true)(c)).metrics?.[0]).toEqual({ id: 'conversion', role: 'secondary', kind: 'inp' });
  });

  it('remove the list altogether with its last metric, so the campaign reads as before', () => {
    const c = removeMetric('cls')(addMetric('cls', 'guardrail')(campaign));
    expect(c).toEqual(campaign);
  });

  it('cap revenue outliers at a percentile the marketer types, within 50–100, or not at all', () => {
    const c = addMetric('revenue-per-visitor', 'secondary')(campaign);
    expect(setCapPercentile('revenue-per-visitor', '99')(c).metrics?.[0]?.capPercentile).toBe(99);
    expect(setCapPercentile('revenue-per-visitor', '120')(c).metrics?.[0]?.capPercentile).toBe(100);
    expect(setCapPercentile('revenue-per-visitor', '')(setCapPercentile('revenue-per-visitor', '99')(c)).metrics?.[0]).toEqual({
      id: 'revenue-per-visitor',
      role: 'secondary',
      kind: 'revenue-per-visitor',
    });
  });
});
