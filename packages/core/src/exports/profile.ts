/**
 * @slotwise/core/profile — what the device learns: folding events into the profile state, the
 * summary and its cookie codec, lifecycle segments and what is derived when the profile is read.
 */
export { emptyProfile, type Profile, type EventStats, type RecentItems } from '../profile.ts';
export { emptyState, foldEvent, foldEvents, summarize, profileCookie, ageState, MAX_DAYS, type ProfileState } from '../profile-state.ts';
export { describeProfile, type ProfileAttributes } from '../attributes.ts';
export { SEGMENTS } from '../segments.ts';
export { encodeProfileCookie, decodeProfileCookie } from '../profile-cookie.ts';
