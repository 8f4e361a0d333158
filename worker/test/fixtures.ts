/** A small site config exercising each kind of campaign the Worker must render. */
import type { SiteConfigInput } from '@slotwise/core';
import { testConfig } from '../../packages/core/src/testing.ts';

export function siteConfig(version = 1, extra: Partial<SiteConfigInput> = {}): SiteConfigInput {
  return testConfig({
    version,
    audiences: [
      { id: 'newsletter', name: 'Newsletter', condition: { 'utm.source': 'newsletter' } },
      { id: 'de', name: 'Germany', condition: { 'geo.country': 'DE' } },
    ],
    campaigns: [
      {
        id: 'welcome',
        name: 'Welcome',
        status: 'live',
        priority: 1,
        audience: 'newsletter',
        slots: ['hero'],
        variants: [{ id: 'w', name: 'W', content: { hero: { kind: 'html', body: '<h1>Hello reader from {{geo.country | somewhere}}</h1>' } } }],
      },
      {
        id: 'ship-de',
        name: 'Ship DE',
        status: 'live',
        priority: 2,
        audience: 'de',
        slots: ['banner'],
        variants: [{ id: 'de', name: 'DE', content: { banner: { kind: 'text', body: 'Versand <kostenlos>' } } }],
      },
      {
        id: 'promo-ab',
        name: 'Promo A/B',
        status: 'live',
        priority: 5,
        slots: ['promo'],
        holdoutPct: 10,
        variants: [
          { id: 'a', name: 'A', content: { promo: { kind: 'html', body: '<b>Promo A</b>' } } },
          { id: 'b', name: 'B', content: { promo: { kind: 'html', body: '<b>Promo B</b>' } } },
        ],
      },
    ],
    ...extra,
  });
}

export const HOME = `<div data-slot="banner">Default banner</div><section data-slot="hero"><h1>Default hero</h1></section><div data-slot="promo">Default promo</div><p>Footer</p>`;

/** A live campaign (priority 1) whose one variant `v` puts "<id> content" as text into one slot. */
export function textCampaign(id: string, slotName: string, extra: Partial<SiteConfigInput['campaigns'][number]> = {}): SiteConfigInput['campaigns'][number] {
  return {
    id,
    name: id,
    status: 'live',
    priority: 1,
    slots: [slotName],
    variants: [{ id: 'v', name: 'V', content: { [slotName]: { kind: 'text', body: `${id} content` } } }],
    ...extra,
  };
}
