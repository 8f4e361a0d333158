/** Saved content, reusable in any variant (kept beside the draft, never sent to the edge). */
import { signal } from '@preact/signals';
import { type LibraryItem, api } from '../api.ts';
import { idFrom } from './ids.ts';
import { notify } from './notices.ts';

export const library = signal<LibraryItem[]>([]);

/** Adds content to the library under a name; the server's sanitized copy is what is kept. */
export async function saveToLibrary(name: string, content: LibraryItem['content']): Promise<void> {
  const item = {
    id: idFrom(
      name,
      library.value.map((i) => i.id),
    ),
    name,
    content,
  };
  try {
    library.value = (await api.saveLibrary([...library.value, item])).items;
    notify('success', `“${name}” is in the content library.`);
  } catch (error) {
    notify('error', `Not saved to the library: ${(error as Error).message}`);
  }
}

/** What the server's sanitizer would take out of this HTML (nothing when it cannot be asked). */
export function sanitizerWouldRemove(html: string): Promise<string[]> {
  return api.sanitize(html).then(
    (r) => r.removed,
    () => [],
  );
}
