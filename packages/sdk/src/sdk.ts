/**
 * The Slotwise browser SDK. It learns from behaviour on this site and keeps what it learns on
 * the device: events and the full profile state in IndexedDB, the compact summary in the
 * `sw_p` cookie the Worker reads on the next request. Until consent (and always under GPC or
 * DNT) it stores nothing and sends nothing. A failure inside it never breaks the page.
 */
import {
  CONSENT_COOKIE,
  type ConsentMode,
  type EventProps,
  PROFILE_COOKIE,
  type Profile,
  type ProfileAttributes,
  type ProfileState,
  type SwEvent,
  VISITOR_COOKIE,
  emptyState,
  encodeProfileCookie,
  foldEvent,
  parseConsent,
  summarize,
  trackingAllowed,
} from '@slotwise/core';
import { newId, readCookie, writeCookie } from './browser.ts';
import { autoCollect, pageViewProps } from './collect.ts';
import { delivery } from './delivery.ts';
import { type Store, openStore } from './store.ts';

export interface Decision {
  slot: string;
  campaign: string;
  variant: string;
  /** `edge` when the Worker rendered it into the page, `client` when the SDK swapped it in. */
  source: 'edge' | 'client';
}

export interface SlotwiseOptions {
  /** The site's consent mode; the Worker tells the script tag (`data-sw-consent`). */
  consent?: ConsentMode;
  /** Country the edge saw (`data-sw-geo`), for decisions made in the browser. */
  country?: string;
  /** Whether the edge rendered this page (`data-sw-edge`); if not, the SDK decides its slots. */
  edgeRendered?: boolean;
  /** Loads the lazy chunk; called on SPA navigations, unrendered pages, `profile` and `age`. */
  loadChunk: () => Promise<Chunk>;
}

/** Decides the page's slots that carry no decision yet (`data-sw-v`), in the browser. */
export type ClientDecider = (ctx: { profile: Profile; country: string; visitorId: string | null }) => Promise<Decision[]>;

/** What the lazily loaded chunk (`/__sw/sw-decide.js`) provides. */
export interface Chunk {
  decide: ClientDecider;
  ageState: (state: ProfileState, days: number) => ProfileState;
  describe: (profile: Profile, now: number) => ProfileAttributes;
}

export interface Slotwise {
  /** Records a behaviour event: `add_to_cart`, `purchase` ({ value }), `search` ({ query }) or your own. */
  track(name: string, props?: Record<string, unknown>): void;
  /** Links known traits to this visitor; these are the only personal data Slotwise ever sends. */
  identify(traits: Record<string, unknown>): void;
  /** The visitor's choice. `granted` starts collection now; `denied` deletes what was stored. */
  consent(state: 'granted' | 'denied'): void;
  /** The profile as the edge sees it: the summary, with its segments and top category. */
  profile(): Promise<ProfileAttributes>;
  /** Subscribes to decisions (edge-rendered slots at start, client-side ones later). */
  on(event: 'decision', fn: (decision: Decision) => void): () => void;
  /** Demo and testing aid: shift the stored history back by `days`, as if the visitor had been away. */
  age(days: number): Promise<void>;
}

const YEAR = 365 * 86_400;
const MAX_HISTORY = 500;
const MAX_SEEN = 500;
const TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const PROP = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** Kept on the device; everything else (exposures, conversions, identify, custom events) is delivered. */
const LOCAL_ONLY = /^(page_view|view_item|search|click|scroll|engagement)$/;

/** Keeps what the event schema accepts: ≤ 20 scalar props with safe names, strings ≤ 500 chars. */
function cleanProps(props: Record<string, unknown> | undefined): EventProps | undefined {
  if (!props) return undefined;
  const out: EventProps = {};
  let n = 0;
  for (const [key, value] of Object.entries(props)) {
    if (n >= 20 || !PROP.test(key)) continue;
    if (typeof value === 'string') out[key] = value.slice(0, 500);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
    else continue;
    n++;
  }
  return n ? out : undefined;
}

export function createSlotwise(options: SlotwiseOptions): Slotwise {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const privacySignal = nav.globalPrivacyControl === true || nav.doNotTrack === '1';
  const allowed = () => trackingAllowed(options.consent ?? 'required', parseConsent(readCookie(CONSENT_COOKIE)), privacySignal);
  const listeners = new Set<(d: Decision) => void>();
  const emit = (d: Decision) => listeners.forEach((fn) => fn(d));

  let store: Store | null = null;
  let state: ProfileState = emptyState();
  let history: SwEvent[] = [];
  let outbox: SwEvent[] = [];
  let seen: string[] = [];
  let pending: SwEvent[] = [];
  let started: Promise<void> | null = null;
  let listening = false;

  const send = delivery({
    items: () => outbox,
    settle: (ids) => {
      outbox = outbox.filter((e) => !ids.has(e.id));
      persist();
    },
  });

  const save = () => store?.save([['state', state], ['history', history], ['outbox', outbox], ['seen', seen]]).catch(() => {});
  let saving = false;
  function persist(): void {
    if (saving || !store) return;
    saving = true;
    queueMicrotask(() => {
      saving = false;
      void save();
    });
  }

  function writeProfileCookie(): void {
    writeCookie(PROFILE_COOKIE, encodeProfileCookie(summarize(state, Date.now())), YEAR);
  }

  function apply(event: SwEvent): void {
    state = foldEvent(state, event);
    history = [...history.slice(1 - MAX_HISTORY), event];
    if (event.type === 'exposure') seen = [...seen.slice(1 - MAX_SEEN), `${event.props?.campaign}:${event.props?.variant}`];
    if (!LOCAL_ONLY.test(event.type)) {
      outbox = [...outbox.slice(1 - MAX_HISTORY), event];
      send.schedule();
    }
    writeProfileCookie();
    persist();
  }

  function take(event: SwEvent): void {
    if (store) apply(event);
    else pending.push(event);
  }

  // Every tab keeps its own copy of the state and saves it whole: each folds the events of the
  // others too, so no tab's save drops what another learnt. (A shared event may then be sent
  // by two tabs; its id makes the Worker count it once.)
  const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('slotwise') : null;
  if (tabs) tabs.onmessage = (m: MessageEvent<SwEvent>) => allowed() && take(m.data);

  function record(type: string, props?: EventProps): void {
    if (!allowed() || !TYPE.test(type)) return;
    const event: SwEvent = props ? { id: newId(), type, ts: Date.now(), props } : { id: newId(), type, ts: Date.now() };
    take(event);
    tabs?.postMessage(event);
  }

  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer?.unobserve(entry.target);
        const mark = entry.target.getAttribute('data-sw-v') ?? '';
        const [campaign = '', variant = ''] = mark.split(':');
        if (!campaign || !variant || seen.includes(mark)) continue;
        record('exposure', { campaign, variant, slot: entry.target.getAttribute('data-slot') ?? '' });
      }
    }, { threshold: 0.5 })
    : null;

  function observeExposures(): void {
    document.querySelectorAll('[data-sw-v]').forEach((el) => observer?.observe(el));
  }

  function edgeDecisions(): void {
    document.querySelectorAll('[data-sw-v]').forEach((el) => {
      const [campaign = '', variant = ''] = (el.getAttribute('data-sw-v') ?? '').split(':');
      emit({ slot: el.getAttribute('data-slot') ?? '', campaign, variant, source: 'edge' });
    });
  }

  /** Slots the edge did not render (an SPA route, a page not served through the Worker). */
  async function decideInBrowser(): Promise<void> {
    if (!document.querySelector('[data-slot]:not([data-sw-v])')) return;
    try {
      const { decide } = await options.loadChunk();
      const visitorId = allowed() ? readCookie(VISITOR_COOKIE) : null;
      const decisions = await decide({ profile: summarize(state, Date.now()), country: options.country ?? '', visitorId });
      decisions.forEach(emit);
      if (allowed()) observeExposures();
    } catch {
      // The page keeps its default content.
    }
  }

  function start(): Promise<void> {
    return (started ??= (async () => {
      const opened = await openStore();
      const [s, h, o, v] = await opened.load(['state', 'history', 'outbox', 'seen']);
      if (s && (s as ProfileState).v === 1) state = s as ProfileState;
      history = Array.isArray(h) ? (h as SwEvent[]) : [];
      outbox = Array.isArray(o) ? (o as SwEvent[]) : [];
      seen = Array.isArray(v) ? (v as string[]) : [];
      // Only now may events be applied directly: until the stored state is loaded they queue,
      // or the load would overwrite them.
      store = opened;
      const queued = pending;
      pending = [];
      apply({ id: newId(), type: 'page_view', ts: Date.now(), props: pageViewProps() });
      queued.forEach(apply);
      observeExposures();
      if (!listening) {
        listening = true;
        autoCollect(record, () => send.beacon(), () => {
          record('page_view', pageViewProps());
          // Let the router render the new route first.
          requestAnimationFrame(() => void decideInBrowser());
        });
      }
      if (outbox.length) void send.flush();
    })().catch(() => {
      started = null;
    }));
  }

  async function forget(): Promise<void> {
    writeCookie(VISITOR_COOKIE, '', 0);
    writeCookie(PROFILE_COOKIE, '', 0);
    await started?.catch(() => {});
    state = emptyState();
    history = outbox = seen = pending = [];
    await store?.wipe().catch(() => {});
    store = null;
    started = null;
  }

  const api: Slotwise = {
    track(name, props) {
      record(name, cleanProps(props));
    },
    identify(traits) {
      record('identify', cleanProps(traits));
    },
    consent(choice) {
      if (choice !== 'granted' && choice !== 'denied') return;
      writeCookie(CONSENT_COOKIE, choice, YEAR);
      if (choice === 'denied') void forget();
      else if (allowed()) void start();
    },
    async profile() {
      await started;
      const { describe } = await options.loadChunk();
      const now = Date.now();
      return describe(summarize(state, now), now);
    },
    on(_event, fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async age(days) {
      await started;
      if (!store) return;
      state = (await options.loadChunk()).ageState(state, days);
      history = history.map((e) => ({ ...e, ts: e.ts - days * 86_400_000 }));
      writeProfileCookie();
      // Resolve only once stored: callers reload right after, and a reload must see the change.
      await save();
    },
  };

  // Let the caller subscribe first, then report what the edge decided.
  queueMicrotask(() => {
    edgeDecisions();
    if (!options.edgeRendered) void decideInBrowser();
  });
  if (allowed()) void start();
  return api;
}
