/**
 * The content library: variant content saved under a name so any campaign can reuse it. It
 * lives beside the draft in the site's ConfigPublisher (editor data, never sent to the edge),
 * and every item passes the same schema and sanitizer as content in a config.
 */
import { ContentSchema, describeIssue } from '@slotwise/core';
import * as v from 'valibot';
import { type Removal, sanitizeContent } from './sanitize.ts';

export const MAX_LIBRARY_ITEMS = 200;

const LibraryItemSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  content: ContentSchema,
});
const LibrarySchema = v.pipe(v.array(LibraryItemSchema), v.maxLength(MAX_LIBRARY_ITEMS));

type LibraryItem = v.InferOutput<typeof LibraryItemSchema>;

export function checkLibrary(input: unknown): { ok: true; items: LibraryItem[]; removed: Removal[] } | { ok: false; errors: string[] } {
  const parsed = v.safeParse(LibrarySchema, input);
  if (!parsed.success) return { ok: false, errors: parsed.issues.slice(0, 20).map((issue) => describeIssue(issue, ['items'])) };
  const removed: Removal[] = [];
  const problems: string[] = [];
  const items = parsed.output.map((item, i) => ({ ...item, content: sanitizeContent(item.content, `items[${i}].content`, removed, problems) }));
  if (problems.length > 0) return { ok: false, errors: problems };
  return { ok: true, items, removed: removed.filter((r) => r.removed.length > 0) };
}
