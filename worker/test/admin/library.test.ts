/** The content library: saved variant content, validated and sanitized like a config's, audited. */
import { runInDurableObject } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, env } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
const library = (items: unknown) => call('/__sw/admin/library', { method: 'PUT', headers: KEY, body: JSON.stringify({ items }) });

beforeEach(async () => {
  await runInDurableObject(env.PUBLISHER.get(env.PUBLISHER.idFromName('site')), (_, state) => {
    state.storage.sql.exec('DELETE FROM state');
    state.storage.sql.exec('DELETE FROM audit');
  });
});

describe('the content library', () => {
  it('is empty for a new site and needs the key', async () => {
    expect((await call('/__sw/admin/library')).status).toBe(401);
    expect(await (await call('/__sw/admin/library', { headers: KEY })).json()).toEqual({ items: [] });
  });

  it('keeps saved items, sanitized on the server, and says what it removed', async () => {
    const response = await library([
      { id: 'spring', name: 'Spring banner', content: { kind: 'html', body: '<b onclick="x()">Spring</b><script>alert(1)</script>', attrs: { href: 'javascript:alert(1)' } } },
      { id: 'plain', name: 'Plain', content: { kind: 'text', body: '<i>kept as text</i>' } },
    ]);
    expect(response.status).toBe(200);
    const saved = (await response.json()) as { items: { content: { body: string; attrs?: Record<string, string> } }[]; removed: { path: string }[] };
    expect(saved.items[0]!.content.body).toBe('<b>Spring</b>');
    expect(saved.items[0]!.content.attrs).toEqual({});
    expect(saved.items[1]!.content.body).toBe('<i>kept as text</i>');
    expect(saved.removed.map((r) => r.path)).toEqual(['items[0].content.body', 'items[0].content.attrs.href']);
    const read = (await (await call('/__sw/admin/library', { headers: KEY })).json()) as { items: unknown[] };
    expect(read.items).toEqual(saved.items);
    const audit = (await (await call('/__sw/admin/audit', { headers: KEY })).json()) as { entries: { action: string; detail: string }[] };
    expect(audit.entries[0]).toMatchObject({ action: 'save-library', detail: '2 items' });
  });

  it('refuses a bad item with the field named, and stores nothing', async () => {
    const response = await library([
      { id: 'ok', name: 'Fine', content: { kind: 'html', body: 'x' } },
      { id: 'bad id!', name: '', content: { kind: 'video', body: 1 } },
    ]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: string[] };
    expect(body.error).toMatch(/^items\[1\]\./);
    expect(body.issues.some((i) => i.startsWith('items[1].content.kind'))).toBe(true);
    expect(await (await call('/__sw/admin/library', { headers: KEY })).json()).toEqual({ items: [] });
  });
});
