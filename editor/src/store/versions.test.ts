import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft, liveVersion, loadDraft } from './draft.ts';
import { loadHistory, restoreKeptDraft, restoreVersion } from './versions.ts';
import { FakeAdminApi, rename, serveFrom, siteConfig, stopServing } from './testing.ts';

let server: FakeAdminApi;
beforeEach(async () => {
  server = new FakeAdminApi();
  server.draft = siteConfig({ site: { id: 'shop', name: 'v1' } });
  server.publish(server.draft);
  server.draft = siteConfig({ site: { id: 'shop', name: 'v2' } });
  server.publish(server.draft);
  serveFrom(server);
  await loadDraft();
});
afterEach(stopServing);

describe('restoring a version', () => {
  it('publishes it again at once when the draft has no unpublished changes', async () => {
    expect(await restoreVersion(1)).toBe('restored');
    expect(server.sent('POST /rollback')[0]!.body).toEqual({ version: 1 });
    expect(liveVersion.value).toBe(3);
    expect(draft.value?.site.name).toBe('v1');
    expect(server.kept).toHaveLength(0);
  });

  it('asks first when the draft has unpublished changes, and changes nothing until confirmed', async () => {
    rename('unpublished work');
    expect(await restoreVersion(1)).toBe('needs-confirmation');
    expect(server.sent('POST /rollback')).toHaveLength(0);
    // The typed change was saved before asking: the question is about the draft as it is.
    expect(server.draft.site.name).toBe('unpublished work');
  });

  it('confirmed, restores and keeps the replaced draft, which can be made the draft again', async () => {
    rename('unpublished work');
    await restoreVersion(1);
    expect(await restoreVersion(1, { confirmed: true })).toBe('restored');
    expect(draft.value?.site.name).toBe('v1');
    const { kept } = await loadHistory();
    expect(kept).toHaveLength(1);
    expect(await restoreKeptDraft(kept[0]!)).toBe('restored');
    expect(draft.value?.site.name).toBe('unpublished work');
  });

  it('making a kept draft the draft over unpublished changes asks first', async () => {
    rename('unpublished work');
    await restoreVersion(1, { confirmed: true });
    const { kept } = await loadHistory();
    rename('newer work');
    expect(await restoreKeptDraft(kept[0]!)).toBe('needs-confirmation');
    expect(server.draft.site.name).toBe('newer work');
    expect(await restoreKeptDraft(kept[0]!, { confirmed: true })).toBe('restored');
    expect(server.draft.site.name).toBe('unpublished work');
  });
});
