/**
 * Every cookie Slotwise sets, by name, in one place: the Worker, the SDK and the editor import
 * these and never spell a name of their own. All are first-party and start with `sw_`.
 */

/** The visitor's consent choice: `granted` or `denied` (consent.ts). */
export const CONSENT_COOKIE = 'sw_consent';
/** The visitor id experiments bucket by, set only once tracking is allowed. */
export const VISITOR_COOKIE = 'sw_id';
/** The profile summary the SDK writes and the edge decides with (profile-cookie.ts). */
export const PROFILE_COOKIE = 'sw_p';
/** How often each capped campaign was shown (frequency.ts). */
export const FREQUENCY_COOKIE = 'sw_f';
/** A visitor's recent promotional contacts, for contact budgets (budget.ts). */
export const CONTACTS_COOKIE = 'sw_b';
/** A site's own user id with its signature, kept by `sw.identify` (id-hash.ts). */
export const USER_COOKIE = 'sw_uid';
/** Notes that the global holdout's programme campaign was counted for this visitor. */
export const PROGRAMME_COOKIE = 'sw_pg';
/** For a minute: a page of the site was left before its stored profile loaded, and handed its events to its tab's next page (the SDK's sdk.ts). */
export const HANDOVER_COOKIE = 'sw_h';

/** An editor's session with the Admin API (path `/__sw/`). */
export const SESSION_COOKIE = 'sw_admin';
/** Marks a browser signed in to the editor, so the Worker serves framed pages in edit mode. */
export const EDIT_COOKIE = 'sw_edit';
/** The country a developer chose with `?sw_country=` (dev overrides only). */
export const DEV_COUNTRY_COOKIE = 'sw_dev_country';
/** The catalog items a visitor viewed, carted and bought, most recent first (recommend/recent-items.ts). */
export const ITEMS_COOKIE = 'sw_i';
/** Recommended items this visitor clicked, with the slot that showed them, for 7 days (recommend/attribution.ts). */
export const ATTRIBUTION_COOKIE = 'sw_ra';
