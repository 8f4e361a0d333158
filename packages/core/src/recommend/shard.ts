/** Which of `shards` storage shards a catalog key (an item id, a list name, a path) lives in: the same in every runtime. */
import { fnv1a32 } from '../hash.ts';

export const catalogShardOf = (key: string, shards: number): number => fnv1a32(key) % Math.max(1, shards);
