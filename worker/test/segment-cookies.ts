/** Profile cookies (`sw_p`) that put a visitor in known lifecycle segments (core segments.ts), for the per-segment tests. */
import { emptyProfile, encodeProfileCookie } from '@slotwise/core/profile';

const seconds = () => Math.floor(Date.now() / 1000);
const stats = (n: number) => ({ d1: n, d7: n, d30: n, d90: n, total: n, last: seconds() - 60 });

/** One visit so far: `new`. */
export const newVisitor = () => encodeProfileCookie({ ...emptyProfile(), firstSeen: seconds() - 600, lastSeen: seconds() - 60, sessions: 1, pageviews: 2 });
/** Three visits: `returning`. */
export const returning = () => encodeProfileCookie({ ...emptyProfile(), firstSeen: seconds() - 5 * 86_400, lastSeen: seconds() - 60, sessions: 3, pageviews: 3 });
/** Three visits and three deal signals this month: `returning` and `deal_seeker`. */
export const dealSeeker = () =>
  encodeProfileCookie({ ...emptyProfile(), firstSeen: seconds() - 5 * 86_400, lastSeen: seconds() - 60, sessions: 3, pageviews: 3, events: { deal_signal: stats(3) } });
