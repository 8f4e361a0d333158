import { describe, expect, it } from 'vitest';
import { attributeChanges, describeValue, diffConfigs, labelChange, mergeConfigs, setAt, valueAt } from './config-diff.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

type Campaign = SiteConfigInput['campaigns'][number];
const hero = (over: Partial<Campaign> = {}): Campaign => ({
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
const withCampaigns = (...campaigns: Campaign[]) => testConfig({ campaigns });

describe('diffConfigs', () => {
  it('lists each changed field of a campaign, a variant and its content per slot, matched by id', () => {
    const before = withCampaigns(hero());
    const after = withCampaigns(hero({ status: 'live', variants: [hero().variants[1]!, { ...hero().variants[0]!, content: { hero: { kind: 'html', body: 'Bonjour !' } } }] }));
    const changes = diffConfigs(before, after);
    expect(changes.map((c) => c.path)).toEqual([
      ['campaigns', { id: 'fr-hero' }, 'status'],
      ['campaigns', { id: 'fr-hero' }, 'variants', { id: 'a' }, 'content', 'hero'],
    ]);
    expect(changes[0]).toMatchObject({ before: 'draft', after: 'live' });
  });

  it('reports a whole added or removed campaign as one change, and nothing for equal configs with keys in another order', () => {
    const a = withCampaigns(hero());
    const b = withCampaigns(hero(), hero({ id: 'de-hero', name: 'Germany hero' }));
    expect(diffConfigs(a, b)).toEqual([{ path: ['campaigns', { id: 'de-hero' }], before: undefined, after: b.campaigns[1] }]);
    expect(diffConfigs(b, a)).toEqual([{ path: ['campaigns', { id: 'de-hero' }], before: b.campaigns[1], after: undefined }]);
    const { campaigns, ...rest } = a;
    const reordered = { campaigns: campaigns.map(({ variants, ...c }) => ({ variants, ...c })), ...rest };
    expect(diffConfigs(a, reordered)).toEqual([]);
  });
});

describe('mergeConfigs', () => {
  it('re-applies my edits on top of theirs where they touch different fields', () => {
    const base = withCampaigns(hero());
    const theirs = withCampaigns(hero({ name: 'France hero (spring)' }));
    const mine = withCampaigns(hero({ holdoutPct: 20, variants: [hero().variants[0]!, { ...hero().variants[1]!, name: 'Short' }] }));
    const { merged, conflicts } = mergeConfigs(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.campaigns[0]).toMatchObject({ name: 'France hero (spring)', holdoutPct: 20 });
    expect(merged.campaigns[0]!.variants[1]!.name).toBe('Short');
  });

  it('keeps both sides of a field both changed, theirs in the result until the person chooses', () => {
    const base = withCampaigns(hero());
    const theirs = withCampaigns(hero({ name: 'Theirs' }));
    const mine = withCampaigns(hero({ name: 'Mine' }));
    const { merged, conflicts } = mergeConfigs(base, mine, theirs);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ path: ['campaigns', { id: 'fr-hero' }, 'name'], mine: 'Mine', theirs: 'Theirs', before: 'France hero' });
    expect(merged.campaigns[0]!.name).toBe('Theirs');
    expect(setAt(merged, conflicts[0]!.path, conflicts[0]!.mine).campaigns[0]!.name).toBe('Mine');
  });

  it('adds campaigns each side added, and a removal against an edit is a conflict, not a silent loss', () => {
    const base = withCampaigns(hero());
    const theirs = withCampaigns(hero({ name: 'Edited' }), hero({ id: 'us-hero', name: 'US hero' }));
    const mine = withCampaigns(hero({ id: 'de-hero', name: 'Germany hero' }));
    const { merged, conflicts } = mergeConfigs(base, mine, theirs);
    expect(merged.campaigns.map((c) => c.id)).toEqual(['fr-hero', 'us-hero', 'de-hero']);
    expect(conflicts.map((c) => c.path)).toEqual([['campaigns', { id: 'fr-hero' }]]);
    expect(conflicts[0]!.mine).toBeUndefined();
  });

  it('takes an identical change on both sides once, without a conflict', () => {
    const base = withCampaigns(hero());
    const both = withCampaigns(hero({ status: 'live' }));
    expect(mergeConfigs(base, both, both).conflicts).toEqual([]);
  });
});

describe('labelChange and describeValue', () => {
  it('names a campaign, its variant and slot the way the editor shows them', () => {
    const config = withCampaigns(hero());
    expect(labelChange(['campaigns', { id: 'fr-hero' }, 'variants', { id: 'b' }, 'content', 'hero'], config, config)).toEqual({
      thing: 'France hero',
      kind: 'campaign',
      id: 'fr-hero',
      field: 'Variant B: content in hero',
    });
    expect(labelChange(['campaigns', { id: 'fr-hero' }, 'holdoutPct'], config, config).field).toBe('control group');
    expect(labelChange(['audiences', { id: 'de' }, 'condition'], config, config)).toMatchObject({ thing: 'Germany', kind: 'audience', field: 'rule' });
    expect(labelChange(['site', 'holdoutPct'], config, config)).toMatchObject({ thing: 'Site settings', field: 'global holdout' });
  });

  it('shows content as its text, and long values shortened', () => {
    expect(describeValue({ kind: 'html', body: '<h1>Spring</h1> <p>is here</p>' })).toBe('Spring is here');
    expect(describeValue('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
    expect(describeValue(undefined)).toBe('—');
  });
});

describe('attributeChanges', () => {
  it('credits each field to the last person whose save changed it', () => {
    const live = withCampaigns(hero());
    const bob = withCampaigns(hero({ name: 'By Bob' }));
    const maria = withCampaigns(hero({ name: 'By Bob', status: 'live' }));
    const changes = diffConfigs(live, maria);
    const history = [
      { who: '', at: '', config: live },
      { who: 'Bob', at: '2026-12-06T10:00:00.000Z', config: bob },
      { who: 'Maria', at: '2026-12-06T11:00:00.000Z', config: maria },
    ];
    const by = attributeChanges(changes, history);
    expect(changes.map((c, i) => [c.path.at(-1), by[i]?.who])).toEqual([
      ['name', 'Bob'],
      ['status', 'Maria'],
    ]);
    expect(attributeChanges(changes, [history[0]!])).toEqual([null, null]);
  });

  it('valueAt finds slots by name', () => {
    expect(valueAt(testConfig(), ['slots', { id: 'promo' }, 'pages'])).toEqual(['/', '/shoes/*']);
  });
});
