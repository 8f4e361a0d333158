/**
 * Edit mode (`/__sw/sw-edit.js`): loaded by the Worker, in place of the SDK, into pages the
 * signed-in editor frames. It outlines every slot, reports the page's slots to the editor,
 * turns a click on a slot into a selection, and shows the content the editor sends. It only
 * talks to its parent window on this origin, and only in the message types below (core's
 * edit-messages.ts defines them, for this side and the editor's); styling
 * goes through the CSSOM so a strict CSP on the page does not block it. Content from the editor
 * is untrusted (a draft anyone with an account may have written): it goes through the same
 * allow-list as the server's sanitizer (purify.ts) and into the page as nodes, never as an HTML
 * string, and href/src attributes only with an allowed URL.
 *
 * Any other element can be picked too (element slots): hovering outlines and names it, a click
 * reports it with its selector (edit-pick.ts); the editor's element changes are previewed and
 * text is edited in place (edit-elements.ts). In "browse" mode clicks follow links instead.
 *
 * frame → editor: `sw:page` { path, title, category, slots, links }, `sw:select` { slot },
 *   `sw:pick` { element }, `sw:text` { selector, text }
 * editor → frame: `sw:apply` { contents: { [slot]: { html, attrs? } | null } }, `sw:highlight` { slot },
 *   `sw:apply-elements` { changes }, `sw:outline` { selector }, `sw:edit-text` { selector },
 *   `sw:pick-parent` { selector }, `sw:mode` { mode }
 */
import type { EditorMessage, ElementPreview, FrameMessage, FrameMode, FrameSlot, SlotContents } from '@slotwise/core/protocol';
import { STYLE_PROPERTIES, type StyleProperty, checkStyleValue } from '@slotwise/core';
import { allowedUrl } from '@slotwise/core/sanitize';
import { elementPreviews } from './edit-elements.ts';
import { ACCENT, BADGE_STYLE, describeElement, picker, selectorOf } from './edit-pick.ts';
import { sanitizedFragment } from './purify.ts';

type Applied = SlotContents[string];

const MARK = 'data-sw-edit';

function start(): void {
  const parent = window.parent;
  if (parent === window) return;
  const origin = location.origin;
  /**
   * Each slot's default content (the page's own nodes, moved aside while a preview shows, and
   * its HTML for the editor's slot list), the attributes a preview changed, and what it shows now
   * (the content as sent, so the same content sent again changes nothing).
   */
  const defaults = new Map<Element, { html: string; nodes: Node[] | null; attrs: Record<string, string | null>; shown?: string }>();
  const badges = new Map<Element, HTMLElement>();
  let selected: string | null = null;
  let mode: FrameMode = 'pick';
  const pick = picker(MARK);
  const elements = elementPreviews();
  let pending = 0;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(report, 100) as unknown as number;
  };
  // Slots an SPA adds later are reported too; our own badges are ignored.
  const observer = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && n.getAttribute(MARK) !== 'badge'))) later();
  });

  const slots = () => [...document.querySelectorAll('[data-slot]')].filter((el) => !el.parentElement?.closest('[data-slot]'));
  const post = (message: FrameMessage) => parent.postMessage(message, origin);

  function paint(): void {
    for (const el of slots()) {
      const name = el.getAttribute('data-slot') ?? '';
      const style = (el as HTMLElement).style;
      if (!el.hasAttribute(MARK)) {
        el.setAttribute(MARK, '');
        defaults.set(el, { html: el.innerHTML, nodes: null, attrs: {} });
      }
      const on = name === selected;
      style.outline = `${on ? 3 : 2}px ${on ? 'solid' : 'dashed'} ${ACCENT}`;
      style.outlineOffset = '2px';
      style.cursor = 'pointer';
      let badge = badges.get(el);
      if (!badge) {
        badge = document.createElement('div');
        badge.textContent = name;
        badge.setAttribute(MARK, 'badge');
        Object.assign(badge.style, BADGE_STYLE);
        document.body.append(badge);
        badges.set(el, badge);
      }
      const r = el.getBoundingClientRect();
      badge.style.background = on ? ACCENT : 'rgba(79,70,229,.85)';
      badge.style.left = `${Math.max(0, r.left + scrollX - 2)}px`;
      badge.style.top = `${Math.max(0, r.top + scrollY - 20)}px`;
    }
  }

  function report(): void {
    paint();
    const info: FrameSlot[] = slots().map((el) => {
      const r = el.getBoundingClientRect();
      return {
        name: el.getAttribute('data-slot') ?? '',
        html: defaults.get(el)?.html ?? el.innerHTML,
        text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
        tag: el.tagName.toLowerCase(),
        rect: { x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY), width: Math.round(r.width), height: Math.round(r.height) },
      };
    });
    const category = document.querySelector('meta[name="sw:category"]')?.getAttribute('content') ?? null;
    post({ type: 'sw:page', path: location.pathname + location.search, title: document.title, category, slots: info, links: links(), classes: siteClasses() });
  }

  /** Class names the page's stylesheets define (a cross-origin sheet cannot be read, and is skipped). */
  function siteClasses(): string[] {
    const found = new Set<string>();
    const visit = (rules: CSSRuleList) => {
      for (const rule of rules) {
        if (found.size >= 300) return;
        if (rule instanceof CSSStyleRule) for (const m of rule.selectorText.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) found.add(m[1]!);
        else if (rule instanceof CSSGroupingRule) visit(rule.cssRules);
      }
    };
    for (const sheet of document.styleSheets) {
      try {
        visit(sheet.cssRules);
      } catch {
        // another origin's stylesheet
      }
    }
    return [...found].slice(0, 300).sort();
  }

  /** This site's pages the page links to: the editor's known pages, over which a template's reach is counted. */
  function links(): string[] {
    const found = new Set<string>();
    for (const a of document.querySelectorAll('a[href]')) {
      const url = new URL((a as HTMLAnchorElement).href, location.href);
      if (url.origin === origin && !url.pathname.startsWith('/__sw/')) found.add(url.pathname);
      if (found.size >= 200) break;
    }
    return [...found];
  }

  function apply(contents: Record<string, Applied>): void {
    for (const el of slots()) {
      const name = el.getAttribute('data-slot') ?? '';
      if (!Object.hasOwn(contents, name)) continue;
      const saved = defaults.get(el);
      if (!saved) continue;
      // The editor sends every slot's content whenever the page or the draft changes (a page
      // report after a resize, say): what the slot shows already is left as it is, so its images
      // are not made and fetched again, and nothing flickers.
      const shown = JSON.stringify(contents[name] ?? null);
      if (saved.shown === shown) continue;
      saved.shown = shown;
      // Restore first, so attributes a previous preview set do not linger.
      if (saved.nodes) el.replaceChildren(...saved.nodes);
      saved.nodes = null;
      for (const [attr, value] of Object.entries(saved.attrs)) {
        if (value === null) el.removeAttribute(attr);
        else el.setAttribute(attr, value);
      }
      saved.attrs = {};
      const next = contents[name];
      if (!next || typeof next.html !== 'string') continue;
      saved.nodes = [...el.childNodes];
      el.replaceChildren(sanitizedFragment(next.html));
      for (const [attr, value] of Object.entries(next.attrs ?? {})) {
        if (!/^(href|src|alt|title|class)$/.test(attr) || typeof value !== 'string') continue;
        if ((attr === 'href' || attr === 'src') && !allowedUrl(value)) continue;
        saved.attrs[attr] = el.getAttribute(attr);
        el.setAttribute(attr, value);
      }
    }
    paint();
    // Our own changes are no news for the editor: reporting them would make it apply again, for ever.
    observer.takeRecords();
  }

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== parent) return;
    const data = event.data as { type?: EditorMessage['type']; contents?: unknown; slot?: unknown; changes?: unknown; selector?: unknown; mode?: unknown };
    if (data?.type === 'sw:apply' && typeof data.contents === 'object' && data.contents !== null) {
      apply(data.contents as Record<string, Applied>);
    } else if (data?.type === 'sw:highlight') {
      selected = typeof data.slot === 'string' ? data.slot : null;
      paint();
      if (selected) document.querySelector(`[data-slot="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } else if (data?.type === 'sw:hello') {
      report();
    } else if (data?.type === 'sw:apply-elements' && Array.isArray(data.changes)) {
      elements.apply((data.changes as unknown[]).filter(isPreview));
      pick.refresh();
      observer.takeRecords();
    } else if (data?.type === 'sw:outline') {
      pick.outline(typeof data.selector === 'string' ? data.selector : null);
    } else if (data?.type === 'sw:edit-text' && typeof data.selector === 'string') {
      const selector = data.selector;
      elements.editText(selector, (text) => post({ type: 'sw:text', selector, text }));
    } else if (data?.type === 'sw:pick-parent' && typeof data.selector === 'string') {
      pickParent(data.selector);
    } else if (data?.type === 'sw:mode' && (data.mode === 'pick' || data.mode === 'browse')) {
      mode = data.mode;
      pick.hover(null);
    }
  });

  /** The element last picked (a selector matching several would name only the first). */
  let picked: { el: Element; selector: string } | null = null;
  /** Picks an element as a click does: outlined, and reported to the editor. */
  function pickAt(target: Element): void {
    const selector = selectorOf(target);
    if (!selector) return;
    picked = { el: target, selector };
    pick.outline(selector);
    post({ type: 'sw:pick', element: describeElement(target, selector) });
  }

  /** "Select the parent element": the parent of the element this selector picks, unless that is the page itself or a declared slot. */
  function pickParent(selector: string): void {
    let parent: Element | null = null;
    try {
      parent = (picked?.selector === selector && picked.el.isConnected ? picked.el : document.querySelector(selector))?.parentElement ?? null;
    } catch {
      return;
    }
    if (!parent || parent === document.body || parent === document.documentElement || parent.closest('[data-slot]')) return;
    pickAt(parent);
  }

  // Any element under the pointer is outlined and named (not in browse mode, not our own boxes).
  document.addEventListener('mouseover', (event) => {
    const el = event.target as Element | null;
    pick.hover(mode === 'pick' && el instanceof Element && !el.closest('[data-slot]') && el !== document.body && el !== document.documentElement ? el : null);
  });
  addEventListener('scroll', () => pick.refresh(), { passive: true });

  // A click inside a slot selects it (its links do not navigate); a click on any other element
  // picks it. In browse mode, and in text being edited in place, clicks do what they always do.
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (mode === 'browse' || !(target instanceof Element) || elements.isEditing(target)) return;
      event.preventDefault();
      event.stopPropagation();
      const slot = target.closest('[data-slot]');
      if (slot) {
        selected = slot.getAttribute('data-slot');
        paint();
        post({ type: 'sw:select', slot: selected });
        return;
      }
      if (target === document.body || target === document.documentElement) return;
      pickAt(target);
    },
    true,
  );

  addEventListener('resize', () => {
    later();
    pick.refresh();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  report();
}

const pairs = (x: unknown): boolean => Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');

/** A well-formed element change from the editor (it comes from another window: checked field by field). */
function isPreview(x: unknown): x is ElementPreview {
  const c = x as Partial<ElementPreview> | null;
  const r = c?.content as Partial<ElementPreview['content']> | undefined;
  return (
    typeof c?.selector === 'string' &&
    (c.match === 'one' || c.match === 'all') &&
    typeof r === 'object' &&
    r !== null &&
    typeof r.html === 'string' &&
    pairs(r.attrs) &&
    (r.place === undefined || ['keep', 'hide', 'before', 'after'].includes(r.place)) &&
    (r.style === undefined ||
      (pairs(r.style) &&
        r.style.every(([property, value]) =>
          (STYLE_PROPERTIES as readonly string[]).includes(property)
            ? checkStyleValue(property as StyleProperty, value) === null
            : property === 'display' && value === 'none !important',
        ))) &&
    (r.addClass === undefined || (Array.isArray(r.addClass) && r.addClass.every((name) => typeof name === 'string' && /^-?[A-Za-z_][\w-]*$/.test(name))))
  );
}

try {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
} catch {
  // Edit mode must never break the page it shows.
}
