import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetVisitors } from '../preview.ts';
import { editCampaign, openCampaign } from './navigation.ts';
import { notices } from './notices.ts';
import { chooseVisitor, previewOn, previewVisitor } from './preview.ts';
import { catalogError, catalogFileType, catalogStatus, lastUpload, latestLoad, loadCatalogStatus, pullSummary, setCatalogFeed, uploadCatalogFile } from './product-catalog.ts';
import type { CatalogLoadReport, RecommendationPreview } from '../api.ts';
import { STARTING_SPEC } from './recommend.ts';
import { forgetRecommendations, previewsSettled, recommendationsShown, shownFor } from './recommend-preview.ts';
import { FakeAdminApi, serveFrom, stopServing } from './testing.ts';

let server: FakeAdminApi;
beforeEach(() => {
  server = new FakeAdminApi();
  serveFrom(server);
  catalogStatus.value = null;
  lastUpload.value = null;
  forgetRecommendations();
});
afterEach(stopServing);

const file = (name: string, text: string) => ({ name, text: async () => text });
const shoe: RecommendationPreview['items'][number] = {
  id: 'skyline-ultra',
  title: 'Skyline Ultra Trail Shoe',
  url: '/p/skyline-ultra',
  price: 169,
  salePrice: 149,
  category: ['shoes', 'trail'],
  tags: [],
  availability: 'in_stock',
  attributes: {},
};

describe('the catalog status', () => {
  it('shows the products, the feed and the rejected lines as the Worker reports them', async () => {
    const pull: CatalogLoadReport = { at: 2, source: 'feed', accepted: 23, rejected: 1, lines: [{ line: 4, id: 'x', reason: 'price: is required' }] };
    const upload: CatalogLoadReport = { at: 1, source: 'api', accepted: 5, rejected: 0, lines: [] };
    server.catalog = { items: 23, feed: { url: 'https://shop.example/feed.jsonl', everyHours: 6 }, lastLoad: upload, lastFeedPull: pull, snapshot: null };
    await loadCatalogStatus();
    expect(catalogStatus.value).toEqual(server.catalog);
    expect(catalogError.value).toBeNull();
    // The rejected lines listed are the latest load's, of either kind.
    expect(latestLoad(catalogStatus.value)).toBe(catalogStatus.value!.lastFeedPull);
    expect(latestLoad({ ...server.catalog, lastLoad: { ...upload, at: 3 } })?.source).toBe('api');
    expect(latestLoad(null)).toBeNull();
  });

  it('says what a load did in words', () => {
    expect(pullSummary({ at: 0, source: 'feed', accepted: 23, rejected: 1, lines: [] })).toBe('23 products loaded, 1 line rejected');
    expect(pullSummary({ at: 0, source: 'feed', accepted: 0, rejected: 0, lines: [], error: 'the feed answered 404' })).toBe('nothing loaded, the feed answered 404');
    expect(pullSummary({ at: 0, source: 'api', accepted: 1, rejected: 2, lines: [], error: 'line 9: too long' })).toBe(
      '1 product loaded, 2 lines rejected (stopped: line 9: too long)',
    );
  });

  it('says why when the Worker refuses', async () => {
    server.overrides.set('GET /catalog/status', { status: 403, body: { error: 'viewer may not read the catalog' } });
    await loadCatalogStatus();
    expect(catalogError.value).toBe('viewer may not read the catalog');
  });
});

describe('uploading a catalog file', () => {
  it('sends JSON Lines as they are, reports loaded and rejected lines, and reloads the status', async () => {
    const text = '{"id":"a","title":"A"}\n{"id":"b"}\n{"id":"c","title":"C"}\n';
    expect(await uploadCatalogFile(file('products.jsonl', text))).toBe(true);
    const sent = server.sent('POST /catalog')[0]!;
    expect(sent.body).toBe(text);
    expect(sent.headers['content-type']).toBe('application/jsonl');
    expect(lastUpload.value).toMatchObject({ file: 'products.jsonl', source: 'api', accepted: 2, rejected: 1, lines: [{ line: 2, reason: 'title: is required' }], items: 2 });
    expect(notices.value.at(-1)?.text).toBe('products.jsonl: 2 products loaded, 1 line rejected (see below).');
    expect(notices.value.at(-1)?.tone).toBe('error');
    expect(catalogStatus.value?.items).toBe(2);
  });

  it('sends a JSON array as JSON, whatever the file is called', async () => {
    await uploadCatalogFile(file('export.txt', ' [{"id":"a","title":"A"}]'));
    expect(server.sent('POST /catalog')[0]!.headers['content-type']).toBe('application/json');
    expect(catalogFileType('{"id":"a"}')).toBe('application/jsonl');
  });

  it('an empty file is not sent', async () => {
    expect(await uploadCatalogFile(file('empty.jsonl', '  \n'))).toBe(false);
    expect(server.sent('POST /catalog')).toHaveLength(0);
    expect(notices.value.at(-1)?.text).toBe('empty.jsonl is empty: nothing was loaded.');
  });

  it('a refused upload shows the Worker’s reason and loads nothing', async () => {
    server.overrides.set('POST /catalog', { status: 413, body: { error: 'the body is over 10 MB: split the file' } });
    expect(await uploadCatalogFile(file('huge.jsonl', '{"id":"a","title":"A"}'))).toBe(false);
    expect(notices.value.at(-1)?.text).toBe('huge.jsonl was not loaded: the body is over 10 MB: split the file');
    expect(lastUpload.value).toBeNull();
  });

  it('forgets the preview’s products, which came from the old catalog', async () => {
    server.preview = { strategy: 'trending', items: [shoe], category: '', catalog: 1 };
    shownFor(STARTING_SPEC, presetVisitors()[0]!, '/');
    await previewsSettled();
    expect(Object.keys(recommendationsShown.value)).toHaveLength(1);
    expect(await uploadCatalogFile(file('products.jsonl', '{"id":"a","title":"A"}'))).toBe(true);
    expect(recommendationsShown.value).toEqual({});
  });
});

describe('the feed', () => {
  it('saves the URL and the schedule, pulls it at once, then shows what it loaded', async () => {
    server.pull = { at: 5, source: 'feed', accepted: 23, rejected: 0, lines: [] };
    expect(await setCatalogFeed('  https://shop.example/feed.jsonl ', 6)).toBe(true);
    expect(server.sent('PUT /catalog/feed?pull=1')[0]!.body).toEqual({ url: 'https://shop.example/feed.jsonl', everyHours: 6 });
    expect(catalogStatus.value).toMatchObject({ items: 23, feed: { url: 'https://shop.example/feed.jsonl', everyHours: 6 }, lastFeedPull: { accepted: 23 } });
    expect(notices.value.at(-1)?.text).toBe('The catalog is pulled from https://shop.example/feed.jsonl every 6 hours. Pulled now: 23 products loaded.');
  });

  it('a feed that does not answer is said so', async () => {
    server.pull = { at: 5, source: 'feed', accepted: 0, rejected: 0, lines: [], error: 'the feed answered 404' };
    await setCatalogFeed('https://shop.example/feed.jsonl', 1);
    expect(notices.value.at(-1)).toMatchObject({
      tone: 'error',
      text: 'The catalog is pulled from https://shop.example/feed.jsonl every 1 hour. Pulled now: nothing loaded, the feed answered 404.',
    });
  });

  it('a refused feed URL shows the reason', async () => {
    server.overrides.set('PUT /catalog/feed?pull=1', { status: 400, body: { error: 'url: must be an http(s) URL' } });
    expect(await setCatalogFeed('ftp://x', 6)).toBe(false);
    expect(notices.value.at(-1)?.text).toBe('Feed not saved: url: must be an http(s) URL');
  });
});

describe('the live preview’s products', () => {
  it('asks the Worker once per spec, visitor and page, with the visitor’s profile, and keeps the answer', async () => {
    server.preview = { strategy: 'favourite_categories', items: [shoe], category: 'shoes', catalog: 23 };
    const fan = presetVisitors().find((v) => v.label === 'Shoe fan')!;
    expect(shownFor(STARTING_SPEC, fan, '/')).toEqual({ state: 'loading' });
    shownFor(STARTING_SPEC, fan, '/');
    await previewsSettled();
    expect(server.sent('POST /catalog/preview')).toHaveLength(1);
    expect(server.sent('POST /catalog/preview')[0]!.body).toEqual({ recommend: STARTING_SPEC, interests: { shoes: 3.2 }, path: '/' });
    expect(shownFor(STARTING_SPEC, fan, '/')).toEqual({ state: 'ready', shown: { strategy: 'favourite_categories', items: [shoe], category: 'shoes' } });
  });

  it('a visitor without consent is previewed with no profile, as the edge treats them', async () => {
    const fan = { ...presetVisitors().find((v) => v.label === 'Shoe fan')!, consented: false };
    shownFor(STARTING_SPEC, fan, '/p/skyline-ultra');
    await previewsSettled();
    expect(server.sent('POST /catalog/preview')[0]!.body).toEqual({ recommend: STARTING_SPEC, interests: {}, path: '/p/skyline-ultra' });
  });

  it('choosing the visitor in the form keeps the campaign open and asks for that visitor’s products', async () => {
    editCampaign('picks');
    const fan = presetVisitors().find((v) => v.label === 'Shoe fan')!;
    chooseVisitor(fan);
    expect(openCampaign.value).toBe('picks');
    expect(previewOn.value).toBe(false);
    shownFor(STARTING_SPEC, previewVisitor.value, '/');
    await previewsSettled();
    expect((server.sent('POST /catalog/preview')[0]!.body as { interests: unknown }).interests).toEqual(fan.profile.interests);
  });

  it('an error is kept for the form to show', async () => {
    server.overrides.set('POST /catalog/preview', { status: 400, body: { error: 'recommend.count: must be at most 24' } });
    const visitor = { ...presetVisitors()[0]!, visitorId: 'another' };
    shownFor({ ...STARTING_SPEC, count: 5 }, visitor, '/');
    await previewsSettled();
    expect(shownFor({ ...STARTING_SPEC, count: 5 }, visitor, '/')).toEqual({ state: 'error', error: 'recommend.count: must be at most 24' });
  });
});
