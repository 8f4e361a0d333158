/**
 * Reads catalog items as the Admin API and a feed send them: a JSON array, or JSON Lines (one
 * item per line). Each item is validated on its own, so one bad line rejects that line only,
 * with a reason that says where (`line 7: price: is required`).
 */
import * as v from 'valibot';
import { type CatalogItem, CatalogItemSchema } from '../catalog.ts';
import { describeIssue } from '../issue-path.ts';

export interface RejectedLine {
  /** 1-based line of a JSON Lines body, or 1-based position in a JSON array. */
  line: number;
  /** The item's id, when it had a readable one. */
  id?: string;
  reason: string;
}

export interface ParsedCatalog {
  items: CatalogItem[];
  rejected: RejectedLine[];
  /** Set when the body as a whole could not be read (neither a JSON array nor JSON Lines). */
  error?: string;
}

/** Rejected lines reported at most: a feed with every line wrong says so without a huge report. */
export const MAX_REJECTED_REPORTED = 100;

export function parseCatalog(text: string): ParsedCatalog {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(trimmed);
    } catch (e) {
      return { items: [], rejected: [], error: `not valid JSON: ${(e as Error).message}` };
    }
    if (!Array.isArray(list)) return { items: [], rejected: [], error: 'must be a JSON array of items or JSON Lines' };
    return collect(list.map((raw, i) => [i + 1, raw] as const));
  }
  const lines: (readonly [number, unknown])[] = [];
  const rejected: RejectedLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      lines.push([i + 1, JSON.parse(line)]);
    } catch {
      rejected.push({ line: i + 1, reason: 'not valid JSON' });
    }
  });
  const parsed = collect(lines);
  return { items: parsed.items, rejected: [...rejected, ...parsed.rejected].sort((a, b) => a.line - b.line) };
}

/** One item; the reason names the field (`price: is required`). */
export function parseCatalogItem(raw: unknown): { ok: true; item: CatalogItem } | { ok: false; reason: string } {
  const parsed = v.safeParse(CatalogItemSchema, raw);
  return parsed.success ? { ok: true, item: parsed.output } : { ok: false, reason: describeIssue(parsed.issues[0]) };
}

function collect(entries: readonly (readonly [number, unknown])[]): ParsedCatalog {
  const items: CatalogItem[] = [];
  const rejected: RejectedLine[] = [];
  for (const [line, raw] of entries) {
    const result = parseCatalogItem(raw);
    if (result.ok) items.push(result.item);
    else {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 40) : undefined;
      rejected.push({ line, ...(id !== undefined ? { id } : {}), reason: result.reason });
    }
  }
  return { items, rejected };
}
