import type { PickedElement } from '@slotwise/core/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft, flushSave, loadDraft, saveState, validation } from './draft.ts';
import {
  chooseAction,
  createElementCampaign,
  editVariantInPlace,
  elementChange,
  measureReach,
  notReady,
  pickElement,
  reach,
  repicked,
  repicking,
  setMatch,
  setScope,
  startRepick,
  textTyped,
} from './element-edit.ts';
import { knownPaths, pageShown, seenPages } from './frame-page.ts';
import { framePath, openCampaign, selectedSlot } from './navigation.ts';
import { signedIn } from './session.ts';
import { FakeAdminApi, serveFrom, stopServing } from './testing.ts';

const title: PickedElement = {
  selector: 'article.product h1',
  count: 1,
  tag: 'h1',
  text: 'Trailblazer Runner',
  html: 'Trailblazer Runner',
  attrs: {},
  classes: [],
};

let server: FakeAdminApi;
beforeEach(async () => {
  server = new FakeAdminApi();
  serveFrom(server);
  signedIn({ signedIn: true, who: 'maria', role: 'admin', via: 'session' });
  await loadDraft();
  elementChange.value = null;
  reach.value = null;
  repicking.value = null;
  knownPaths.value = [];
  seenPages.value = [];
});
afterEach(stopServing);

describe('a change to any element of the page', () => {
  it('starts on this page, proposing the template pattern; "Edit text" starts from its text and takes what is typed on the page', () => {
    pickElement(title, '/p/trailblazer-runner?sw_country=FR');
    expect(elementChange.value).toMatchObject({ path: '/p/trailblazer-runner', scope: 'page', pattern: '/p/*', match: 'one', content: null });
    expect(notReady(elementChange.value!)).toMatch(/Choose what to do/);
    chooseAction('text');
    expect(elementChange.value!.content).toEqual({ kind: 'text', body: 'Trailblazer Runner' });
    textTyped('nav a', 'elsewhere');
    textTyped('article.product h1', 'Trailblazer Runner — livraison offerte');
    expect(elementChange.value!.content).toEqual({ kind: 'text', body: 'Trailblazer Runner — livraison offerte' });
    expect(notReady(elementChange.value!)).toBeNull();
  });

  it('a selector matching several elements on the page is refused until the marketer chooses "all matches"', () => {
    pickElement({ ...title, selector: '.card h3', count: 6 }, '/shoes');
    chooseAction('hide');
    expect(notReady(elementChange.value!)).toMatch(/matches 6 elements/);
    setMatch('all');
    expect(notReady(elementChange.value!)).toBeNull();
  });

  it('becomes an element slot on every page of the template and a draft campaign holding the change, which opens; the draft is valid and saved', async () => {
    pickElement(title, '/p/trailblazer-runner');
    chooseAction('text');
    textTyped(title.selector, 'Livraison offerte en France');
    setScope('template');
    const id = createElementCampaign();
    expect(id).not.toBeNull();
    const config = draft.value!;
    const campaign = config.campaigns.find((c) => c.id === id)!;
    const slot = config.slots.find((s) => s.name === campaign.slots[0])!;
    expect(slot).toEqual({ name: slot.name, selector: 'article.product h1', pages: ['/p/*'] });
    expect(campaign).toMatchObject({ status: 'draft', variants: [{ id: 'a', content: { [slot.name]: { kind: 'text', body: 'Livraison offerte en France' } } }], holdoutPct: 10 });
    expect(openCampaign.value).toBe(id);
    expect(selectedSlot.value).toBe(slot.name);
    expect(elementChange.value).toBeNull();
    expect(validation.value.errors).toEqual([]);
    await flushSave();
    expect(saveState.value).toBe('saved');
    expect(server.draft.slots).toContainEqual(slot);
  });

  it('the same element on the same pages again reuses its slot; "this page" applies to the path alone', () => {
    for (let n = 0; n < 2; n++) {
      pickElement(title, '/p/trailblazer-runner');
      chooseAction('hide');
      createElementCampaign();
    }
    const element = draft.value!.slots.filter((s) => s.selector === title.selector);
    expect(element).toEqual([{ name: element[0]!.name, selector: title.selector, pages: ['/p/trailblazer-runner'] }]);
    expect(draft.value!.campaigns.filter((c) => c.slots.includes(element[0]!.name))).toHaveLength(2);
  });

  it('counts the element on the known pages of the pattern only (pages shown and the pages they link to)', async () => {
    pageShown({ path: '/p/trailblazer-runner', title: 'T', category: null, slots: [], links: ['/', '/p/coastline-sandal', '/p/ridgeline-2-tent?x=1', '/shoes'] });
    pickElement(title, '/p/trailblazer-runner');
    setScope('template');
    const asked: string[] = [];
    await measureReach(async (path) => {
      asked.push(path);
      return path === '/p/coastline-sandal' ? 0 : 1;
    });
    expect(asked).toEqual(['/p/trailblazer-runner', '/p/coastline-sandal', '/p/ridgeline-2-tent']);
    expect(reach.value).toEqual({
      selector: title.selector,
      pattern: '/p/*',
      done: true,
      pages: [
        { path: '/p/trailblazer-runner', count: 1 },
        { path: '/p/coastline-sandal', count: 0 },
        { path: '/p/ridgeline-2-tent', count: 1 },
      ],
    });
  });
});

describe('re-picking an element slot whose element the site changed', () => {
  it('opens a known page of its pattern, and the next element clicked becomes its selector; the campaign and its content stay', () => {
    pageShown({ path: '/', title: 'Home', category: null, slots: [], links: ['/p/glow-camp-lantern'] });
    pickElement(title, '/p/trailblazer-runner');
    chooseAction('text');
    setScope('template');
    const id = createElementCampaign()!;
    const slot = draft.value!.campaigns.find((c) => c.id === id)!.slots[0]!;
    const before = structuredClone(draft.value!.campaigns);

    startRepick(slot);
    expect(framePath.value).toBe('/p/glow-camp-lantern');
    expect(repicking.value).toBe(slot);
    expect(openCampaign.value).toBeNull();
    pickElement({ ...title, selector: '.product__info > h2' }, '/p/glow-camp-lantern');

    expect(repicking.value).toBeNull();
    expect(repicked.value.has(slot)).toBe(true);
    expect(elementChange.value).toBeNull();
    expect(draft.value!.slots.find((s) => s.name === slot)!.selector).toBe('.product__info > h2');
    expect(draft.value!.campaigns).toEqual(before);
    expect(openCampaign.value).toBe(id);
  });
});

describe("typing a campaign variant's text on the page", () => {
  it("becomes that variant's text for the element slot, and text from another element changes nothing", () => {
    pickElement(title, '/p/trailblazer-runner');
    chooseAction('html');
    const id = createElementCampaign()!;
    const slot = draft.value!.campaigns.find((c) => c.id === id)!.slots[0]!;
    editVariantInPlace({ campaign: id, variant: 'a', slot, selector: title.selector });
    textTyped('footer p', 'nope');
    textTyped(title.selector, 'Nouveau titre');
    expect(draft.value!.campaigns.find((c) => c.id === id)!.variants[0]!.content[slot]).toEqual({ kind: 'text', body: 'Nouveau titre' });
  });
});
