/**
 * JSON request bodies for the Decide API and the customer-data routes: the content type, the
 * size and the syntax are checked in one place, and schema problems are named field by field
 * (`context.path: must start with "/"`), so every route refuses bad input in the same words.
 */
import type * as v from 'valibot';

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: string };

export async function readJsonBody(request: Request, maxBytes = Number.POSITIVE_INFINITY): Promise<JsonBody> {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, status: 415, error: 'content-type: must be application/json' };
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > maxBytes) return { ok: false, status: 413, error: `body: larger than ${maxBytes} bytes` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'body: not valid JSON' };
  }
}

/** Each schema problem as `<dotted path>: <message>` (`body` for the whole), at most `limit` of them. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], limit = 20): string[] {
  return issues.slice(0, limit).map((issue) => `${(issue.path ?? []).map((p) => p.key).join('.') || 'body'}: ${issue.message}`);
}
