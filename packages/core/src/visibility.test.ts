import { describe, expect, it } from 'vitest';
import { buildAttributes } from './attributes.ts';
import { decodeFrequency, utcDay } from './frequency.ts';
import { emptyProfile } from './profile.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig, testContext } from './testing.ts';
import { seenByNobody, whyHidden } from './visibility.ts';

type Campaign = SiteConfigInput['campaigns'][number];
const NOW = Date.parse('2026-12-06T12:00:00Z');
const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'fr-hero',
  name: 'France hero',
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'a', name: 'A', content: { hero: { kind: 'html', body: 'Bonjour' } } }],
  ...over,
});
const codes = (c: Campaign, extra: Partial<Parameters<typeof whyHidden>[2]> = {}, config: SiteConfigInput = testConfig()) =>
  whyHidden(config, c, { now: NOW, ...extra }).map((r) => r.code);
const attrs = (country: string) => buildAttributes(emptyProfile(), testContext('/', { geo: { country, region: '', city: '', timezone: 'UTC' } }), NOW);

describe('whyHidden', () => {
  it('finds nothing for a live campaign on a page its slot is on', () => {
    expect(whyHidden(testConfig(), campaign(), { now: NOW })).toEqual([]);
  });

  it('says a draft or paused campaign is not shown, with the one-click fix', () => {
    const [draft] = whyHidden(testConfig(), campaign({ status: 'draft' }), { now: NOW });
    expect(draft).toEqual({ code: 'draft', text: 'its status is Draft', certain: true, fix: { label: 'Make it live', action: 'make-live' } });
    expect(codes(campaign({ status: 'paused' }))).toEqual(['paused']);
  });

  it('says when the schedule has not started or has ended', () => {
    expect(codes(campaign({ schedule: { start: '2027-01-01T00:00:00.000Z' } }))).toEqual(['not-started']);
    expect(codes(campaign({ schedule: { end: '2026-12-01T00:00:00.000Z' } }))).toEqual(['ended']);
    expect(whyHidden(testConfig(), campaign({ schedule: { end: '2026-12-01T00:00:00.000Z' } }), { now: NOW })[0]!.text).toBe('its schedule ended on 2026-12-01 00:00 UTC');
    expect(codes(campaign({ schedule: { start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' } }))).toEqual([]);
  });

  it('says when its pages exclude every page its slots are on', () => {
    // hero is on "/" only.
    expect(codes(campaign({ pages: ['/shoes/*'] }))).toEqual(['no-page']);
    expect(codes(campaign({ slots: ['promo'], pages: ['/shoes/boots'] }))).toEqual([]);
  });

  it('says when the pages the editor saw lack its slots', () => {
    const seen = [{ path: '/', slots: ['promo'] }];
    expect(codes(campaign(), { seenPages: seen })).toEqual(['slots-missing']);
    expect(codes(campaign(), { seenPages: [...seen, { path: '/', slots: ['hero'] }] })).toEqual([]);
    // A page the campaign would not show on proves nothing.
    expect(codes(campaign(), { seenPages: [{ path: '/shoes', slots: [] }] })).toEqual([]);
  });

  it('says when its audience matches none of the preview visitors', () => {
    const presets = [
      { label: 'France', attributes: attrs('FR') },
      { label: 'US', attributes: attrs('US') },
    ];
    expect(codes(campaign({ audience: 'de' }), { presets })).toEqual(['audience-matches-no-one']);
    expect(codes(campaign({ audience: 'de' }), { presets: [...presets, { label: 'DE', attributes: attrs('DE') }] })).toEqual([]);
  });

  it('says when this browser has reached its frequency cap', () => {
    const shown = decodeFrequency(`1|fr-hero:${utcDay(NOW)}:1:1`);
    expect(codes(campaign({ frequencyCap: { perDay: 1 } }), { frequency: shown })).toEqual(['capped']);
    expect(codes(campaign({ frequencyCap: { perDay: 2 } }), { frequency: shown })).toEqual([]);
  });

  it('says when a campaign that comes first takes its slots from every visitor', () => {
    const everyone = campaign({ id: 'all', name: 'For all', priority: 1, slots: ['hero', 'banner'] });
    const config = testConfig({ campaigns: [everyone] });
    expect(whyHidden(config, campaign({ priority: 2 }), { now: NOW })).toEqual([
      { code: 'shadowed', text: '“For all” comes first on hero for every visitor', certain: true, fix: { label: 'Put it first', action: 'move-first' } },
    ]);
    // Not when it comes later, has an audience, a cap, pages, is not running, or leaves a slot free.
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, priority: 3 }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, audience: 'de' }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, frequencyCap: { perDay: 1 } }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, pages: ['/'] }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, status: 'paused' }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2 }), {}, testConfig({ campaigns: [{ ...everyone, schedule: { end: '2026-01-01T00:00:00.000Z' } }] }))).toEqual([]);
    expect(codes(campaign({ priority: 2, slots: ['hero', 'promo'] }), {}, config)).toEqual([]);
  });

  it('tells certain reasons from what only the samples show', () => {
    const presets = [{ label: 'France', attributes: attrs('FR') }];
    expect(seenByNobody(whyHidden(testConfig(), campaign({ audience: 'de' }), { now: NOW, presets }))).toBe(false);
    expect(seenByNobody(whyHidden(testConfig(), campaign({ audience: 'de', status: 'paused' }), { now: NOW, presets }))).toBe(true);
  });

  it('lists every reason at once, status first', () => {
    expect(codes(campaign({ status: 'draft', schedule: { end: '2026-01-01T00:00:00.000Z' }, pages: ['/x'] }))).toEqual(['draft', 'ended', 'no-page']);
  });
});
