/** The notices on screen: a few at a time; errors stay until dismissed, the rest fade after 6 s. */
import { signal } from '@preact/signals';

export interface Notice {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
  link?: { href: string; label: string };
}

export const notices = signal<Notice[]>([]);

let nextNotice = 1;
export function notify(tone: Notice['tone'], text: string, link?: Notice['link']): void {
  const id = nextNotice++;
  notices.value = [...notices.value.slice(-3), { id, tone, text, ...(link ? { link } : {}) }];
  if (tone !== 'error') setTimeout(() => dismiss(id), 6000);
}

export function dismiss(id: number): void {
  notices.value = notices.value.filter((n) => n.id !== id);
}
