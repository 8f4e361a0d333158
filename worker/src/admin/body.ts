/** Every Admin API body: JSON, at most 1 MiB (`adminBodyLimit`, mounted by admin/app.ts), under the one body policy (http/json-body.ts). */
import type { Env as HonoEnv } from 'hono';
import { createMiddleware } from 'hono/factory';
import { limitBody, readJson, readJsonObject } from '../http/json-body.ts';

export const adminBodyLimit = limitBody(1024 * 1024);

/** The request's JSON body; a 4xx saying what is wrong with it is thrown. */
export const adminJson = (c: { req: { raw: Request } }) => readJson(c.req.raw);
/** The request's JSON object body; a 4xx saying what is wrong with it is thrown. */
export const adminJsonObject = (c: { req: { raw: Request } }) => readJsonObject(c.req.raw);

/*
 * Route middleware that reads the body under the same policy and hands it to the handler as
 * `c.req.valid('json')`. `In` is the body a client sends: Hono puts it in the app's type, so the
 * editor's typed client (hono/client) checks its calls against it. The handler still checks every
 * field of what arrived: `In` is what a client promises, not what the bytes are.
 */

/** Any JSON value (the route judges its shape). */
export const jsonBody = <In>() =>
  createMiddleware<HonoEnv, string, { in: { json: In }; out: { json: unknown } }>(async (c, next) => {
    // Hono keeps whatever is given; its parameter type only says "not nullish".
    c.req.addValidatedData('json', (await adminJson(c)) as object);
    await next();
  });

/** A JSON object (not an array, not a scalar). */
export const jsonObjectBody = <In extends object>() =>
  createMiddleware<HonoEnv, string, { in: { json: In }; out: { json: Record<string, unknown> } }>(async (c, next) => {
    c.req.addValidatedData('json', await adminJsonObject(c));
    await next();
  });

/**
 * Names the query a client may send (`?view=fixed`), for the typed client. The route reads and
 * checks it itself (`c.req.query`), as before: nothing happens here at run time.
 */
export const queryOf = <In extends Record<string, string | undefined>>() => createMiddleware<HonoEnv, string, { in: { query: In }; out: { query: In } }>((_c, next) => next());
