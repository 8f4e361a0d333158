/**
 * Automatic collection: page views (also on SPA navigation), clicks on `[data-sw-track]`
 * elements, the deepest scroll on a page, and visible time. Each becomes an event through
 * `record`; the page-level ones (scroll, engagement) are recorded as the page hides.
 */
import type { EventProps } from '@slotwise/core';
import { meta } from './browser.ts';

export type RecordEvent = (type: string, props?: EventProps) => void;

export function pageViewProps(): EventProps {
  const props: EventProps = { path: location.pathname, title: document.title.slice(0, 200) };
  const category = meta('sw:category');
  const tags = meta('sw:tags');
  if (category) props.category = category.toLowerCase();
  if (tags) props.tags = tags.toLowerCase();
  const params = new URLSearchParams(location.search);
  for (const key of ['utm_source', 'utm_medium', 'utm_campaign']) {
    const value = params.get(key);
    if (value) props[key] = value.slice(0, 100);
  }
  if (document.referrer) props.referrer = document.referrer.slice(0, 300);
  return props;
}

/** Installs the listeners once; `onNavigate` runs after an SPA route change. */
export function autoCollect(record: RecordEvent, onHide: () => void, onNavigate: () => void): void {
  let depth = 0;
  let visibleSince = document.visibilityState === 'visible' ? Date.now() : 0;
  let visibleMs = 0;

  addEventListener('click', (e) => {
    const el = (e.target as Element | null)?.closest?.('[data-sw-track]');
    if (el) record('click', { target: (el.getAttribute('data-sw-track') || 'element').slice(0, 100) });
  }, true);

  addEventListener('scroll', () => {
    const el = document.documentElement;
    const max = el.scrollHeight - innerHeight;
    depth = Math.max(depth, max > 0 ? Math.round((scrollY / max) * 100) : 100);
  }, { passive: true });

  const pageDone = () => {
    if (visibleSince) visibleMs += Date.now() - visibleSince;
    visibleSince = 0;
    if (depth >= 25) record('scroll', { depth: Math.min(100, Math.floor(depth / 25) * 25) });
    if (visibleMs >= 1000) record('engagement', { ms: visibleMs });
    depth = 0;
    visibleMs = 0;
  };

  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      visibleSince = Date.now();
    } else {
      if (visibleSince) visibleMs += Date.now() - visibleSince;
      visibleSince = 0;
      onHide();
    }
  });
  addEventListener('pagehide', () => {
    pageDone();
    onHide();
  });

  // SPA navigations: the history API changes the URL without a page load.
  let path = location.pathname + location.search;
  const changed = () => {
    const next = location.pathname + location.search;
    if (next === path) return;
    path = next;
    pageDone();
    visibleSince = Date.now();
    onNavigate();
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      changed();
      return result;
    };
  }
  addEventListener('popstate', changed);
}
