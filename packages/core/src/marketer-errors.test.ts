import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from './config.ts';
import { explainError } from './marketer-errors.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

type Campaign = SiteConfigInput['campaigns'][number];
const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'fr-hero',
  name: 'France hero',
  status: 'draft',
  priority: 1,
  slots: ['hero'],
  variants: [
    { id: 'a', name: 'Variant A', content: { hero: { kind: 'html', body: 'Bonjour' } } },
    { id: 'b', name: 'Variant B', content: { hero: { kind: 'text', body: 'Salut' } } },
  ],
  ...over,
});

/** The errors core's own validation gives for this config, in marketer words. */
function explained(config: SiteConfigInput) {
  const result = parseSiteConfig(config);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => explainError(config, e));
}

describe('explainError', () => {
  it('names the variant and says what is too long, not the config path', () => {
    const c = campaign();
    c.variants[1]!.content.hero!.body = 'x'.repeat(20_001);
    const [error] = explained(testConfig({ campaigns: [c] }));
    expect(error).toEqual({
      path: 'campaigns[0].variants[1].content.hero.body',
      campaign: 0,
      section: 'variants',
      text: 'Variant B: the text in hero is longer than 20,000 characters',
    });
  });

  it('calls a variant by its letter when its name is what is too long', () => {
    const c = campaign();
    c.variants[0]!.name = 'n'.repeat(201);
    expect(explained(testConfig({ campaigns: [c] }))[0]).toMatchObject({ section: 'variants', text: 'Variant A: the name is longer than 200 characters' });
  });

  it('puts schedule errors at the schedule', () => {
    const [order] = explained(testConfig({ campaigns: [campaign({ schedule: { start: '2027-01-02T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' } })] }));
    expect(order).toMatchObject({ section: 'schedule', text: 'Schedule: the end must be after the start' });
    const [date] = explained(testConfig({ campaigns: [campaign({ schedule: { start: 'tomorrow' } })] }));
    expect(date).toMatchObject({ section: 'schedule', text: 'Schedule: the start is not a date and time' });
  });

  it('says a refused regular expression is refused, and why', () => {
    const config = testConfig({ audiences: [{ id: 'de', name: 'Shoppers from search', condition: { 'page.referrer': { $regex: '(?<=google)\\.com' } } }] });
    const [error] = explained(config);
    expect(error!.section).toBe('audience');
    expect(error!.audience).toBe(0);
    expect(error!.text).toBe('Shoppers from search: the pattern “(?<=google)\\.com” is refused: lookbehind "(?<=" is not supported (regexes run on a linear-time engine).');
  });

  it('words the common campaign mistakes', () => {
    expect(explained(testConfig({ campaigns: [campaign({ name: '' })] }))[0]).toMatchObject({ section: 'name', text: 'The campaign needs a name' });
    expect(explained(testConfig({ campaigns: [campaign({ goal: { type: 'event', event: '' } })] }))[0]).toMatchObject({ section: 'goal', text: 'Goal: the event name is empty' });
    expect(explained(testConfig({ campaigns: [campaign({ holdoutPct: 100 })] }))[0]).toMatchObject({
      section: 'control',
      text: 'Control group: must be below 100%, or nobody sees a variant',
    });
    expect(explained(testConfig({ campaigns: [campaign({ variants: [{ id: 'a', name: 'Variant A', weight: 0, content: {} }] })] }))[0]).toMatchObject({
      section: 'variants',
      text: 'Variants: at least one variant needs a weight above 0, or nobody sees any',
    });
    expect(explained(testConfig({ campaigns: [campaign({ audience: 'gone' })] }))[0]).toMatchObject({ section: 'audience', text: 'Audience: it no longer exists; pick another' });
  });

  it('keeps any other message readable, with its path', () => {
    expect(explainError(null, 'site.id: must be 1-64 letters')).toEqual({ path: 'site.id', section: 'other', text: 'site.id: must be 1-64 letters' });
  });
});
