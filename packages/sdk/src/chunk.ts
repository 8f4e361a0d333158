/** What sw.js needs only sometimes (slots the edge did not decide, `profile()`, `age()`), loaded lazily. */
import { ageState, describeProfile, summarize } from '@slotwise/core/profile';
import { decideInBrowser } from './decider.ts';
import type { Chunk } from './sdk.ts';

const DAY_MS = 86_400_000;

export const chunk: Chunk = {
  decide: (state, country, visitorId) => decideInBrowser({ profile: summarize(state, Date.now()), country, visitorId }),
  profile(state) {
    const now = Date.now();
    return describeProfile(summarize(state, now), now);
  },
  age: (state, history, days) => [ageState(state, days), history.map((e) => ({ ...e, ts: e.ts - days * DAY_MS }))],
};
