/**
 * The one error shape every Slotwise route answers with: `{ error, issues? }` and a 4xx/5xx
 * status. A route throws an HttpError; the app's error handler (app.ts) renders it, so no route
 * builds an error response of its own. `details` are the few extra fields a client acts on (the
 * draft revision after a conflict, the live version, the role a route needs).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorBody {
  error: string;
  issues?: string[];
}

export interface ErrorOptions {
  issues?: string[];
  details?: Record<string, string | number | boolean | null>;
  headers?: HeadersInit;
}

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly options: ErrorOptions = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    const { issues, details } = this.options;
    return { error: this.message, ...(issues ? { issues } : {}), ...details };
  }

  /** Never cached: a refusal is about this request only. */
  response(): Response {
    const headers = new Headers(this.options.headers);
    headers.set('cache-control', 'no-store');
    return Response.json(this.body(), { status: this.status, headers });
  }
}

/** The 500 for anything unexpected: logged, and never a stack trace to the client. */
export function internalError(where: string, error: unknown): Response {
  console.error(`slotwise: ${where} failed: ${error instanceof Error ? error.stack : String(error)}`);
  return new HttpError(500, 'internal error (logged); try again').response();
}
