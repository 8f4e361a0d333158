/**
 * @slotwise/core/protocol — what crosses a boundary between Slotwise's parts: cookie names and
 * codecs, consent, events and their batches, frequency counts, the SDK's script tag, the Admin
 * API's shapes and roles, and the edit-mode messages between the editor and its frame.
 */
export * from '../cookie-names.ts';
export { readCookie, serializeCookie, type CookieOptions } from '../cookies.ts';
export { parseConsent, trackingAllowed, isVisitorId, type ConsentMode, type ConsentState } from '../consent.ts';
export { EventIdSchema, parseEvent, type SwEvent, type EventProps, type EventResult } from '../events.ts';
export { STANDARD_EVENTS, MAX_BATCH_EVENTS, MAX_BATCH_BYTES } from '../event-types.ts';
export { decodeFrequency, encodeFrequency, recordShown, utcDay, type FrequencyCounts } from '../frequency.ts';
export { contactsAfter, decodeContacts, encodeContacts, recordContacts, type Contact, type ContactChannel } from '../budget.ts';
export { SDK_PATH, SDK_TAG } from '../sdk-tag.ts';
export { encodeCovariates, parseCovariates, parseVitals, metricPropsProblem, MAX_COVARIATES, VITAL_LIMITS } from '../metric-events.ts';
export { bytesToBase64url } from '../base64url.ts';
export type { VersionInfo, AuditEntry, AuthAction, Removal, LibraryItem, ProgrammeView, ProgrammeWeek, ProgrammeSegment } from '../admin-types.ts';
export { ALL_CUSTOMERS_ROW } from '../admin-types.ts';
export { ROLES, isRole, hasRole, type Role, type Account, type AdminSession } from '../roles.ts';
export type { FrameSlot, FramePage, SlotContents, FrameMessage, EditorMessage, PickedElement, ElementPreview, FrameMode } from '../edit-messages.ts';
