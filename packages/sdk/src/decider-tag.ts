/** Entry of the lazily loaded script `/__sw/sw-decide.js`: hands the chunk to sw.js. */
import { chunk } from './chunk.ts';
import type { Chunks } from './sdk.ts';

((window as unknown as { __sw?: Partial<Chunks> }).__sw ??= {}).decide = chunk;
