/** Every Admin API body: JSON, at most 1 MiB (`adminBodyLimit`, mounted by admin/app.ts), under the one body policy (http/json-body.ts). */
import { limitBody, readJson, readJsonObject } from '../http/json-body.ts';

export const adminBodyLimit = limitBody(1024 * 1024);

/** The request's JSON body; a 4xx saying what is wrong with it is thrown. */
export const adminJson = (c: { req: { raw: Request } }) => readJson(c.req.raw);
/** The request's JSON object body; a 4xx saying what is wrong with it is thrown. */
export const adminJsonObject = (c: { req: { raw: Request } }) => readJsonObject(c.req.raw);
