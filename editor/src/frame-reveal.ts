/**
 * Shows the selected slot in the framed site: scrolled into view, and not under the site's own
 * fixed overlays (a cookie banner, a chat button), which are hidden while the slot is selected
 * and come back when it is not. The frame is same-origin, so the editor can do this itself;
 * the site's page is only ever changed in the editor's frame.
 */
const COVERED = 'data-sw-covered';

export function revealSlot(frame: HTMLIFrameElement | null, slot: string | null): void {
  let doc: Document | null = null;
  try {
    doc = frame?.contentDocument ?? null;
  } catch {
    return; // another origin (it never is, but a frame is not ours to break)
  }
  const win = frame?.contentWindow;
  if (!doc?.body || !win) return;
  for (const el of doc.querySelectorAll<HTMLElement>(`[${COVERED}]`)) {
    el.style.removeProperty('visibility');
    el.removeAttribute(COVERED);
  }
  if (!slot) return;
  const target = [...doc.querySelectorAll<HTMLElement>('[data-slot]')].find((el) => el.dataset.slot === slot);
  if (!target) return;
  // Scrolls the frame's own page only (scrollIntoView would scroll the editor around it too).
  const before = target.getBoundingClientRect();
  win.scrollTo({ top: win.scrollY + before.top - Math.max(0, (win.innerHeight - before.height) / 2), behavior: 'instant' });
  const box = target.getBoundingClientRect();
  for (const el of doc.body.querySelectorAll<HTMLElement>('*')) {
    const position = win.getComputedStyle(el).position;
    if ((position !== 'fixed' && position !== 'sticky') || el.contains(target) || target.contains(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.bottom <= box.top || r.top >= box.bottom || r.right <= box.left || r.left >= box.right) continue;
    el.setAttribute(COVERED, '');
    el.style.setProperty('visibility', 'hidden', 'important');
  }
}
