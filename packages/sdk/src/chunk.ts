/** What sw.js needs only sometimes (slots the edge did not decide, `profile()`, `age()`), loaded lazily. */
import { ageState, describeProfile } from '@slotwise/core';
import { decideInBrowser } from './decider.ts';
import type { Chunk } from './sdk.ts';

export const chunk: Chunk = { decide: decideInBrowser, ageState, describe: describeProfile };
