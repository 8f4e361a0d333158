/**
 * On-device storage: IndexedDB through idb-keyval, or memory when IndexedDB is unavailable
 * (private mode, blocked, or missing), so the SDK keeps working for the page's lifetime.
 */
import { type UseStore, clear, createStore, getMany, setMany } from 'idb-keyval';

export interface Store {
  load(keys: string[]): Promise<unknown[]>;
  save(entries: [string, unknown][]): Promise<void>;
  wipe(): Promise<void>;
  persistent: boolean;
}

export function memoryStore(): Store {
  const m = new Map<string, unknown>();
  return {
    persistent: false,
    load: async (keys) => keys.map((k) => m.get(k)),
    save: async (entries) => {
      for (const [k, v] of entries) m.set(k, v);
    },
    wipe: async () => m.clear(),
  };
}

/** IndexedDB when it opens; memory otherwise. The probe read decides once per page. */
export async function openStore(): Promise<Store> {
  try {
    const db: UseStore = createStore('slotwise', 'kv');
    await getMany(['state'], db);
    return {
      persistent: true,
      load: (keys) => getMany(keys, db),
      save: (entries) => setMany(entries, db),
      wipe: () => clear(db),
    };
  } catch {
    return memoryStore();
  }
}
