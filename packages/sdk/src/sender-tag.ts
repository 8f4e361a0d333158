/** Entry of the lazily loaded script `/__sw/sw-send.js`: hands the reporting code to sw.js. */
import { delivery } from './delivery.ts';
import { exposures } from './exposures.ts';
import type { Chunks } from './sdk.ts';

((window as unknown as { __sw?: Partial<Chunks> }).__sw ??= {}).send = { delivery, exposures };
