/**
 * The config's id rule — slot names, campaign, variant, audience and list ids — for every Worker
 * check that takes such an id from outside (exposures, the Decide API's slots, list names, the
 * event store's counting). Defined once, in core's schema.ts.
 */
export { ID_RULE, IdSchema, isId } from '@slotwise/core';
