/**
 * The one JSON-body policy for every route that takes JSON (Admin API, collect, Decide API,
 * exposures): each route mounts `limitBody` (Hono's body-limit middleware: a declared length
 * past the cap, or a streamed body as soon as it passes it, is refused with a 413 and never
 * buffered further), then its handler reads the body with `readJson`: the content type is
 * checked, the text parsed; schema problems are named field by field (`context.path: must start
 * with "/"`), so every route refuses bad input in the same words. Each refusal is an HttpError.
 */
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { HttpError } from './errors.ts';

export interface BodyPolicy {
  /** Accepted media types; `application/json` unless the route says otherwise. */
  types?: readonly string[];
  /** The 415's message, when the route names its types its own way. */
  typeRule?: string;
}

const JSON_ONLY = ['application/json'];

/** The route's size cap, as middleware: mounted in front of every handler that reads a body. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, `body: larger than ${maxBytes} bytes`);
    },
  });

export async function readJson(request: Request, policy: BodyPolicy = {}): Promise<unknown> {
  const types = policy.types ?? JSON_ONLY;
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!types.includes(type)) throw new HttpError(415, policy.typeRule ?? 'content-type: must be application/json');
  let text: string;
  try {
    text = await request.text();
  } catch {
    throw new HttpError(400, 'body: could not be read');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body: not valid JSON');
  }
}

/** The body as a JSON object (not an array, not a scalar). */
export async function readJsonObject(request: Request, policy: BodyPolicy = {}): Promise<Record<string, unknown>> {
  const value = await readJson(request, policy);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'body: must be a JSON object');
  return value as Record<string, unknown>;
}

/** Each schema problem as `<dotted path>: <message>` (`body` for the whole), at most `limit` of them. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], limit = 20): string[] {
  return issues.slice(0, limit).map((issue) => `${(issue.path ?? []).map((p) => p.key).join('.') || 'body'}: ${issue.message}`);
}

/** A schema's output, or a 400 naming the first problem and listing them all. */
export function parseOr400<S extends v.GenericSchema>(schema: S, input: unknown, limit = 20): v.InferOutput<S> {
  const parsed = v.safeParse(schema, input);
  if (parsed.success) return parsed.output;
  const issues = describeIssues(parsed.issues, limit);
  throw new HttpError(400, issues[0]!, { issues });
}

/**
 * A JSON Lines body (`application/x-ndjson` or `application/jsonl`), line by line as it streams:
 * memory stays at one chunk and one line however long the body, so a 100,000-item catalog loads
 * without being held whole. A line over `maxLineBytes`, or a body over `maxBytes`, is a 413.
 * (The one body read without `limitBody`: that middleware buffers the body, this never does.)
 * Yields each non-empty line with its 1-based number; the caller parses and judges it.
 */
export async function* readLines(request: Request, policy: { maxBytes: number; maxLineBytes: number }): AsyncGenerator<[line: number, text: string]> {
  if (!request.body) return;
  const decoder = new TextDecoder();
  const reader = request.body.getReader();
  let pending = '';
  let line = 0;
  let size = 0;
  const tooLarge = (what: string) => new HttpError(413, what);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        size += value.byteLength;
        if (size > policy.maxBytes) throw tooLarge(`body: larger than ${policy.maxBytes} bytes`);
        pending += decoder.decode(value, { stream: true });
      } else pending += decoder.decode();
      let at = pending.indexOf('\n');
      while (at >= 0) {
        line++;
        const text = pending.slice(0, at).trim();
        pending = pending.slice(at + 1);
        if (text) yield [line, text];
        at = pending.indexOf('\n');
      }
      if (pending.length > policy.maxLineBytes) throw tooLarge(`line ${line + 1}: longer than ${policy.maxLineBytes} bytes`);
      if (done) break;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'body: could not be read');
  }
  if (pending.trim()) yield [line + 1, pending.trim()];
}
