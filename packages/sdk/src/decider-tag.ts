/** Entry of the lazily loaded chunk `/__sw/sw-decide.js`: what sw.js needs only sometimes. */
import { ageState } from '@slotwise/core';
import { decideInBrowser } from './decider.ts';
import type { Chunk } from './sdk.ts';

const chunk: Chunk = { decide: decideInBrowser, ageState };
(window as unknown as { __swChunk?: Chunk }).__swChunk = chunk;
