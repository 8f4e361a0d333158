/**
 * The config's id rule — slot names, campaign, variant, audience and list ids: 1-64 letters,
 * digits, "-" or "_", starting with a letter or digit — for every Worker check that takes such an
 * id from outside (exposures, the Decide API's slots, list names, the event store's counting).
 * Core's schema.ts defines it as IdSchema but its root does not export it yet; when it does, this
 * file becomes a re-export of it.
 */
import * as v from 'valibot';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ID_RULE = 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit';

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, ID_RULE));

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
