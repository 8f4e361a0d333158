/** Entry of the lazily loaded script `/__sw/sw-decide.js`: hands the chunk to sw.js. */
import { chunk } from './chunk.ts';
import type { Chunk } from './sdk.ts';

(window as unknown as { __swChunk?: Chunk }).__swChunk = chunk;
