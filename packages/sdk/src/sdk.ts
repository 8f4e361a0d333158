/**
 * The Slotwise browser SDK. It learns from behaviour on this site and keeps what it learns on
 * the device: events and the full profile state in IndexedDB (idb-keyval; only this page's
 * memory when IndexedDB is unavailable), the compact summary in the `sw_p` cookie the Worker
 * reads on the next request. Until consent (and always under GPC or DNT) it stores nothing and
 * sends nothing. A failure inside it never breaks the page.
 *
 * This is most of sw.js, which every page loads (4 KB gzip budget): collection lives here as
 * closures; what only some pages need is in lazy chunks: browser decisions, `profile()` and
 * `age()` in `/__sw/sw-decide.mjs`, reporting (exposures, outbox delivery) in `/__sw/sw-send.mjs`,
 * and folding events into the profile and its cookie in `/__sw/sw-fold.mjs`, which only a
 * visitor who consents loads, fetched while the stored state is read from IndexedDB.
 */
import { MAX_DAYS, type Profile, type ProfileAttributes, type ProfileState, emptyState } from '@slotwise/core/profile';
import {
  ATTRIBUTION_COOKIE,
  CONSENT_COOKIE,
  type ConsentMode,
  type ConsentState,
  type EventProps,
  FREQUENCY_COOKIE,
  CONTACTS_COOKIE,
  HANDOVER_COOKIE,
  ITEMS_COOKIE,
  PROFILE_COOKIE,
  PROGRAMME_COOKIE,
  type SwEvent,
  USER_COOKIE,
  VISITOR_COOKIE,
  parseConsent,
  trackingAllowed,
} from '@slotwise/core/protocol';
import { type UseStore, createStore, promisifyRequest } from 'idb-keyval';
import { newId, readCookie, writeCookie } from './browser.ts';
import type { Delivery, delivery } from './delivery.ts';
import type { exposures } from './exposures.ts';

export interface Decision {
  slot: string;
  campaign: string;
  variant: string;
  /** `edge` when the Worker rendered it into the page, `client` when the SDK swapped it in. */
  source: 'edge' | 'client';
}

export interface SlotwiseOptions {
  /** The site's consent mode; the Worker tells the script tag (`data-sw-consent`). */
  consent?: ConsentMode | undefined;
  /** Country the edge saw (`data-sw-geo`), for decisions made in the browser. */
  country?: string | undefined;
  /** Whether the edge rendered this page (`data-sw-edge`); if not, the SDK decides its slots. */
  edgeRendered?: boolean;
  /** Whether the site has element slots (`data-sw-el`): then an SPA route change runs the decide chunk even with no `data-slot` on the page. */
  elementRoutes?: boolean;
  /** Loads the lazy chunk; called for slots the edge did not decide, `profile` and `age`. */
  loadChunk: () => Promise<Chunk>;
  /** Loads the reporting code (exposures, outbox delivery); called only once there is something to report. */
  loadSender: () => Promise<Reporting>;
  /** Loads the profile folding (`Folding`); called when collection starts, beside the IndexedDB read. */
  loadFolding: () => Promise<Folding>;
}

/** The folding chunk (`/__sw/sw-fold.mjs`): core's profile folding and cookie encoder. */
export interface Folding {
  /** `foldEvents`: the state with the events folded in. */
  fold: (state: ProfileState, events: readonly SwEvent[]) => ProfileState;
  /** `profileCookie`: the `sw_p` value for the state at `now`. */
  cookie: (state: ProfileState, now: number) => string;
}

/** Decides the page's slots that carry no decision yet (`data-sw-v`), in the browser. */
export type ClientDecider = (ctx: { profile: Profile; country: string; visitorId: string | null }) => Promise<Decision[]>;

/** What the lazily loaded chunk (`/__sw/sw-decide.mjs`) provides. */
export interface Chunk {
  /** Decides the page's undecided slots for a visitor with this state (`decideInBrowser`). */
  decide: (state: ProfileState, country: string, visitorId: string | null) => Promise<Decision[]>;
  /** For `profile()`: the summary now, with what is derived from it. */
  profile: (state: ProfileState) => ProfileAttributes;
  /** For `age()`: the state and the event history moved back by `days`. */
  age: (state: ProfileState, history: SwEvent[], days: number) => [ProfileState, SwEvent[]];
}

/** The lazily loaded chunks, by the name in their file (`/__sw/sw-<name>.mjs`). */
export interface Chunks {
  decide: Chunk;
  send: Reporting;
  fold: Folding;
}

/** The reporting chunk (`/__sw/sw-send.mjs`). */
export interface Reporting {
  delivery: typeof delivery;
  exposures: typeof exposures;
}

export interface Slotwise {
  /** Records a behaviour event: `add_to_cart`, `purchase` ({ value }), `search` ({ query }) or your own. */
  track(name: string, props?: Record<string, unknown>): void;
  /**
   * Links known traits to this visitor; these are the only personal data Slotwise ever sends.
   * `traits.id` with `signature` (HMAC-SHA-256 of the id with the site's IDENTITY_SECRET, hex,
   * computed by your backend) is kept in the `sw_uid` cookie so ID lists apply at the edge.
   */
  identify(traits: Record<string, unknown>, signature?: string): void;
  /** The visitor's choice. `granted` starts collection now; `denied` deletes what was stored. */
  consent(state: 'granted' | 'denied'): void;
  /** The profile as the edge sees it: the summary, with its segments and top category. */
  profile(): Promise<ProfileAttributes>;
  /** Subscribes to decisions (edge-rendered slots at start, client-side ones later). */
  on(event: 'decision', fn: (decision: Decision) => void): () => void;
  /**
   * Subscribes to recorded events, to forward them to your analytics: `exposure`
   * (`{ campaign, variant, slot }`, once per visitor per variant), a conversion such as
   * `purchase` or `add_to_cart`, any custom event — or `*` for all, as `{ type, ...props }`.
   */
  on(event: string, fn: (props: EventProps & { type?: string }) => void): () => void;
  /** Demo and testing aid: shift the stored history back by `days`, as if the visitor had been away. */
  age(days: number): Promise<void>;
}

const YEAR = 365 * 86_400;
/** Events kept in the history, the outbox and the list of exposures already reported. */
const MAX_LIST = 500;
/**
 * Retention on the device: events older than the profile's longest window (d90) are dropped
 * from the history and the outbox whenever an event is added, so at every page load. The
 * profile state keeps what it needs of them (all-time counters); /__sw/collect would refuse
 * them anyway (more than 90 days behind its clock).
 */
const MAX_AGE_MS = MAX_DAYS * 86_400_000;
const KEYS = ['state', 'history', 'outbox', 'seen'];
/**
 * Per tab (sessionStorage): the latest events (and any still queued), handed to the tab's next
 * page as this one is left, which folds those its stored history lacks: what IndexedDB may not
 * have. Leaving a page aborts its unfinished IndexedDB writes, except those whose commit was
 * asked for (`commit()`, `lasting`): then only events queued before the stored state loaded (a
 * purchase tracked right before a redirect on a first, slow load) and a page left while a save
 * was still running (the next save waits behind it) need handing over, and the `sw_h` cookie
 * tells the next page to look; without IndexedDB or `commit()`, every page does.
 * A page's first sessionStorage access loads the tab's storage from the browser, synchronously
 * (0.8 ms of main thread on a first visit, issue 23): most pages now skip it.
 */
const HANDOVER = 'sw_q';
/** How long the `sw_h` cookie says a hand-over waits: the tab's next page starts within it. */
const HANDOVER_SECONDS = 60;
/** Whether this browser commits an IndexedDB save as the page is left: see HANDOVER. */
const commitsOnLeave = () => typeof IDBTransaction !== 'undefined' && 'commit' in IDBTransaction.prototype;
/** The latest events handed over: far more than a page records between its last save and leaving. */
const HANDED = 50;
/** How long a change waits to be saved with those that follow it (then idle time): a page load's events. */
const SAVE_AFTER_MS = 500;
const TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const PROP = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** Kept on the device; everything else (exposures, conversions, identify, custom events) is delivered. */
const LOCAL_ONLY = /^(page_view|view_item|search|click|scroll|engagement)$/;
const MARKED = '[data-sw-v]';
/** A slot without a decision: the edge did not render it, or the SPA put it in since. */
const UNDECIDED = '[data-slot]:not([data-sw-v])';

const noop = () => {};
/**
 * Runs `fn` when the main thread is next idle, after the page load's own work: saving to
 * IndexedDB and reading the tab's sessionStorage wait on the browser, which is slowest while it
 * loads the page (issue 23). Safari has no requestIdleCallback: a short timer there.
 */
const whenIdle = (fn: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 50));
const cap = <T>(list: T[], item: T) => [...list.slice(1 - MAX_LIST), item];
/** `cap`, and only the events of the last MAX_AGE_MS before this one. */
const keep = (list: SwEvent[], event: SwEvent) =>
  cap(
    list.filter((e) => e.ts > event.ts - MAX_AGE_MS),
    event,
  );
const asList = <T>(x: unknown) => (Array.isArray(x) ? (x as T[]) : []);

/** Keeps what the event schema accepts: ≤ 20 scalar props with safe names, strings ≤ 500 chars. */
function cleanProps(props: Record<string, unknown> = {}): EventProps {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([k, v]) => PROP.test(k) && (typeof v === 'string' || typeof v === 'boolean' || Number.isFinite(v)))
      .slice(0, 20)
      .map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 500) : v]),
  ) as EventProps;
}

/**
 * The page's path and query (UTM and all), title, category and tags (`<meta name="sw:category">`,
 * `sw:tags`) and referrer, each within what the event schema allows.
 */
function pageViewProps(): EventProps {
  const props: EventProps = { path: location.pathname };
  const put = (key: string, value: string | undefined) => {
    if (value) props[key] = value.slice(0, 300);
  };
  // As written: folding lower-cases categories and reads tags in any case.
  const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="sw:${name}"]`)?.content;
  put('query', location.search);
  put('title', document.title);
  put('category', meta('category'));
  put('tags', meta('tags'));
  put('referrer', document.referrer);
  return props;
}

export function createSlotwise(options: SlotwiseOptions): Slotwise {
  const { loadChunk, loadSender, loadFolding, country = '', edgeRendered, elementRoutes } = options;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const privacySignal = nav.globalPrivacyControl === true || nav.doNotTrack === '1';
  // The visitor's choice, read from its cookie once: a page load's first document.cookie read, and
  // every read after a write, wait on the browser's cookie store (the most main-thread time sw.js
  // spent, issue 23). sw.consent() changes it, here and in the site's other tabs (over `tabs`).
  const jar = document.cookie;
  let choice = parseConsent(readCookie(CONSENT_COOKIE, jar));
  /** The `sw_p` value last written (the page's own until then): exposures take their covariates from it. */
  let profileCookie = readCookie(PROFILE_COOKIE, jar);
  const allowed = () => trackingAllowed(options.consent ?? 'required', choice, privacySignal);
  const listeners: [string, (x: never) => void][] = [];
  const emit = (name: string, x: unknown) => listeners.forEach(([n, fn]) => (n === name || n === '*') && fn(x as never));

  /** IndexedDB; null before the stored state is loaded, and when IndexedDB is unavailable. */
  let db: UseStore | null = null;
  /** Whether the stored state is loaded: until then events queue in `pending`. */
  let loaded = false;
  let state: ProfileState = emptyState();
  /** The folding chunk; set before `loaded`, so every fold and cookie write finds it. */
  let folding: Folding;
  /** Whether what the tab's previous page handed over was folded in (at idle time, or before anything needs it). */
  let adopted = false;
  /** The history as stored when this page loaded: what was handed over and is in it is folded in already. */
  let storedLog: SwEvent[] = [];
  /** The event history (the latest MAX_LIST, within MAX_AGE_MS), kept for `age()` and to rebuild an older stored state. */
  let eventLog: SwEvent[] = [];
  let outbox: SwEvent[] = [];
  /** `campaign:variant` of the exposures already reported: each is reported once per visitor. */
  let seen: string[] = [];
  let pending: SwEvent[] = [];
  let started: Promise<void> | null = null;
  /** Set once collection is installed: records what the previous route leaves and the new page view. */
  let routeChanged: (() => void) | undefined;
  /** Set once collection is installed: records the page-level events as the page is left. */
  let pageLeft: (() => void) | undefined;

  // Reporting is loaded only when there is something to report: most page views have no event
  // to deliver and no variant this visitor has not been reported for (each is reported once).
  let sender: Delivery | undefined;
  let watchExposures: (() => void) | undefined;
  const deliver = () =>
    loadSender().then(({ delivery }) => {
      sender ??= delivery(
        () => outbox,
        (ids) => {
          outbox = outbox.filter((e) => !ids.has(e.id));
          void save();
        },
      );
      sender.schedule();
    }, noop);

  /** Saves not finished yet: one waiting behind another as the page is left may not outlast it. */
  let writing = 0;
  /**
   * One IndexedDB transaction; it fails quietly (the page keeps what it learnt in memory).
   * Committed as soon as its writes are queued, not once the browser has answered each: a tab
   * closed meanwhile aborts a transaction whose commit it has not sent (Chromium lost 7 saves
   * in 20 when the page stayed busy for 200 ms after the event, then was closed).
   */
  const write = (fn: (s: IDBObjectStore) => void) => {
    if (!db) return;
    writing++;
    return db('readwrite', (s) => {
      fn(s);
      s.transaction.commit?.();
      return promisifyRequest(s.transaction);
    })
      .catch(noop)
      .finally(() => writing--);
  };

  /** Whether a change waits to be saved. */
  let unsaved = false;
  /** Saves everything now, in one transaction. */
  const store = () => {
    unsaved = false;
    return write((s) => [state, eventLog, outbox, seen].forEach((value, i) => s.put(value, KEYS[i])));
  };
  /**
   * Saved whole SAVE_AFTER_MS after a change, once the main thread is idle, or as the page is
   * hidden or left if that comes first (or with the next event to deliver, which is saved at
   * once): a page load's events (its page view, what the page tracks as it loads) are one
   * transaction. Until then the `sw_p` cookie has them for the edge, and the hand-over to the
   * tab's next page for this device.
   */
  const save = () => {
    if (!unsaved) setTimeout(() => whenIdle(() => unsaved && store()), SAVE_AFTER_MS);
    unsaved = true;
  };

  const writeProfileCookie = () => writeCookie(PROFILE_COOKIE, (profileCookie = folding.cookie(state, Date.now())), YEAR);

  function apply(event: SwEvent): void {
    state = folding.fold(state, [event]);
    eventLog = keep(eventLog, event);
    if (event.type === 'exposure') seen = cap(seen, `${event.props?.campaign}:${event.props?.variant}`);
    if (!LOCAL_ONLY.test(event.type)) {
      outbox = keep(outbox, event);
      void deliver();
    }
  }

  /** `apply`, then the `sw_p` cookie written and a save, once for them all. */
  function applyAll(events: SwEvent[]): void {
    if (!events.length) return;
    events.forEach(apply);
    writeProfileCookie();
    // A conversion, an exposure, a custom event: saved at once (with what waits), as a tab may
    // be closed right after it, and the save made as the page is hidden may not commit then.
    if (events.some((e) => !LOCAL_ONLY.test(e.type))) void store();
    else save();
  }

  const take = (event: SwEvent) => (loaded ? applyAll([event]) : pending.push(event));

  /** Whether this page's saves outlast it (see HANDOVER): it needs no hand-over once its stored state is loaded. */
  const lasting = () => db !== null && commitsOnLeave();

  /**
   * Folds in what the tab's previous page recorded but may not have stored (folding takes events
   * in any order), once, if it may have handed anything over (see HANDOVER): at idle time, or
   * before `profile()`, `age()` or this page's own hand-over need it.
   */
  function adopt(): void {
    if (adopted || !loaded) return;
    adopted = true;
    if (lasting() && readCookie(HANDOVER_COOKIE, jar) === null) return;
    let handed: SwEvent[] = [];
    try {
      // Named properties of Storage (shorter than getItem/removeItem): a missing key throws here.
      handed = asList(JSON.parse(sessionStorage[HANDOVER] as string));
      delete sessionStorage[HANDOVER];
    } catch {
      // nothing handed over, or no sessionStorage
    }
    // Not what the stored state had (the history as loaded: events since dropped from it for their
    // age are not new), nor what this page learnt since (over the BroadcastChannel).
    applyAll(handed.filter((e) => !storedLog.concat(eventLog).some((x) => x.id === e.id)));
  }

  // Every tab keeps its own copy of the state and saves it whole: each folds the events of the
  // others too, so no tab's save drops what another learnt. (A shared event may then be sent
  // by two tabs; its id makes the Worker count it once.)
  const tabs = new BroadcastChannel('slotwise');
  tabs.onmessage = ({ data }: MessageEvent<SwEvent | ConsentState>) => (typeof data === 'string' ? choose(data) : allowed() && take(data));

  /** The visitor chose (here, or in another tab): collection starts, or what was stored is deleted. */
  function choose(chosen: ConsentState): void {
    choice = chosen;
    // Granted under a privacy signal stays untracked, and so has nothing to delete either.
    void (allowed() ? start() : forget());
  }

  function record(type: string, props: EventProps): void {
    if (!allowed() || !TYPE.test(type)) return;
    const event: SwEvent = { id: newId(), type, ts: Date.now(), props };
    take(event);
    tabs.postMessage(event);
    emit(type, { type, ...props });
  }

  // An element two element slots changed carries both marks, space-separated (core's element-marks.ts).
  const marksOf = (el: Element, name = 'data-sw-v') => (el.getAttribute(name) ?? '').split(' ');
  const reported = (mark: string) => seen.includes(mark);
  function observeExposures(): void {
    // Each is reported once per visitor: first the exposures the tab's previous page handed over.
    adopt();
    if (![...document.querySelectorAll(MARKED)].some((el) => marksOf(el).some((m) => !reported(m)))) return;
    loadSender().then(({ exposures }) => {
      if (watchExposures) watchExposures();
      else watchExposures = exposures(reported, record, () => profileCookie);
    }, noop);
  }

  /** Decides the slots without a decision (an SPA route, a page not served through the Worker), in the chunk; `elements`: an element slot may apply. */
  function decide(elements?: boolean): void {
    if (!elements && !document.querySelector(UNDECIDED)) return;
    // Once the chunk and this path's config are loaded, every step settles in microtasks: a
    // slot the SPA inserts is swapped before the browser paints it.
    loadChunk()
      .then((chunk) => chunk.decide(state, country, allowed() ? readCookie(VISITOR_COOKIE) : null))
      .then((decisions) => {
        decisions.forEach((d) => emit('decision', d));
        if (allowed()) observeExposures();
      }, noop); // the page keeps its default content
  }

  /** Collection, installed once: clicks, scroll depth, visible time, and what an SPA route change records. */
  function collect(): void {
    /** The deepest quarter reached, in %. */
    let depth = 0;
    let visibleMs = 0;
    let visibleSince = 0;
    const tick = () => {
      const now = Date.now();
      if (visibleSince) visibleMs += now - visibleSince;
      visibleSince = document.hidden ? 0 : now;
    };
    /** The page-level events, recorded as a page (or an SPA route) is left. */
    const pageDone = () => {
      tick();
      if (depth) record('scroll', { depth });
      if (visibleMs >= 1000) record('engagement', { ms: visibleMs });
      depth = visibleMs = 0;
    };
    tick();
    addEventListener(
      'click',
      (e) => {
        const el = (e.target as Element | null)?.closest?.('[data-sw-track]');
        if (el) record('click', { target: (el.getAttribute('data-sw-track') || 'element').slice(0, 100) });
      },
      true,
    );
    addEventListener(
      'scroll',
      () => {
        const max = document.documentElement.scrollHeight - innerHeight;
        depth = Math.max(depth, max > 0 ? Math.min(100, Math.floor((scrollY / max) * 4) * 25) : 100);
      },
      { passive: true },
    );
    // Hidden is the last moment a page is sure to have (it comes before pagehide, and a page
    // hidden in the background may never get another): hand the outbox over then.
    addEventListener('visibilitychange', () => {
      tick();
      if (!visibleSince) {
        sender?.beacon();
        // A hidden page may be closed, or never run again: what waits for idle time is saved now.
        if (unsaved) void store();
      }
    });
    pageLeft = pageDone;
    routeChanged = () => {
      pageDone();
      record('page_view', pageViewProps());
    };
  }

  function start(): Promise<void> {
    return (started ??= (async () => {
      // Fetched while IndexedDB opens; if it fails to load, collection waits for the next start.
      const loadingFolding = loadFolding();
      let stored: unknown[] = [];
      try {
        db = createStore('slotwise', 'kv');
        stored = await db('readonly', (s) => Promise.all(KEYS.map((k) => promisifyRequest(s.get(k)))));
      } catch {
        db = null; // private mode, blocked or missing: keep working in this page's memory
      }
      folding = await loadingFolding;
      const [s, h, o, v] = stored;
      storedLog = eventLog = asList(h);
      outbox = asList(o);
      seen = asList(v);
      // A state stored in an older format is rebuilt from the stored history, onto the state here,
      // which is still empty: until now events only queued.
      state = (s as ProfileState | undefined)?.v === 2 ? (s as ProfileState) : folding.fold(state, eventLog);
      // Only now may events be applied directly: until the stored state is loaded they queue,
      // or the load would overwrite them.
      loaded = true;
      // Then what was tracked here while loading.
      const queued = pending;
      pending = [];
      // Other tabs fold this page view too, or their next save would drop it.
      record('page_view', pageViewProps());
      applyAll(queued);
      // The exposures of this page (and what the previous page handed over) once the main thread is idle.
      whenIdle(observeExposures);
      if (!routeChanged) collect();
      if (outbox.length) void deliver();
    })().catch(() => {
      started = null;
    }));
  }

  async function forget(): Promise<void> {
    // The visitor id, the profile, frequency-cap counts, contacts, the global-holdout note, the user id, the items, the clicks, the hand-over note.
    for (const name of [VISITOR_COOKIE, PROFILE_COOKIE, FREQUENCY_COOKIE, CONTACTS_COOKIE, PROGRAMME_COOKIE, USER_COOKIE, ITEMS_COOKIE, ATTRIBUTION_COOKIE, HANDOVER_COOKIE])
      writeCookie(name, '', 0);
    await started;
    try {
      delete sessionStorage[HANDOVER];
    } catch {
      // no sessionStorage
    }
    unsaved = false;
    state = emptyState();
    profileCookie = null;
    eventLog = [];
    outbox = [];
    seen = [];
    pending = [];
    await write((s) => s.clear());
    db = null;
    loaded = false;
    started = null;
  }

  // One observer of the DOM sees SPA navigations and the slots they bring, without patching
  // the page's history API: a route change is a DOM change under a new URL (pushState, back,
  // forward). Slots that appear are decided as they appear: once the chunk and the path's config
  // are loaded, before the browser paints them. On an edge-rendered page, the slots the parser
  // adds while the page loads were decided (or left alone) by the edge.
  let path = location.pathname + location.search;
  // An undecided slot itself or inside what was added (text nodes have neither method).
  const isNewSlot = (n: Node) => (n as Element).matches?.(UNDECIDED) || (n as Element).querySelector?.(UNDECIDED);
  const observe = () =>
    new MutationObserver((records) => {
      const moved = path !== (path = location.pathname + location.search);
      if (moved) routeChanged?.();
      // On a new route, also the undecided slots that stayed in the DOM: a campaign may apply on this path.
      if (moved || ((!edgeRendered || document.readyState !== 'loading') && records.some((r) => [...r.addedNodes].some(isNewSlot)))) decide(moved && elementRoutes);
    }).observe(document, { childList: true, subtree: true });
  // What the parser adds to an edge-rendered page is not looked at: its observer starts once the
  // page is parsed (before deferred and module scripts run), rather than run for each batch the
  // parser inserts.
  if (edgeRendered && document.readyState === 'loading') document.addEventListener('readystatechange', observe, { once: true });
  else observe();

  // Let the caller subscribe first, then report what the edge decided.
  queueMicrotask(() => {
    document.querySelectorAll(MARKED).forEach((el) =>
      marksOf(el).forEach((mark, i) => {
        const [campaign = '', variant = ''] = mark.split(':');
        emit('decision', { slot: marksOf(el, 'data-slot')[i] ?? '', campaign, variant, source: 'edge' });
      }),
    );
    if (!edgeRendered) decide();
  });
  // Installed at once, not with collection: a page left before its stored state loads (its
  // events still queued) hands them over too.
  addEventListener('pagehide', () => {
    // A save still running: the one made now waits behind it, and may not outlast the page.
    const behind = writing > 0;
    pageLeft?.();
    // What the previous page handed over is passed on with this page's own events.
    adopt();
    if (unsaved) void store();
    // Saved for good, unless the stored state has not loaded yet (events still queue).
    if (!allowed() || (loaded && lasting() && !behind)) return;
    const handed = eventLog.slice(-HANDED).concat(pending);
    if (!handed.length) return;
    try {
      sessionStorage[HANDOVER] = JSON.stringify(handed);
      if (lasting()) writeCookie(HANDOVER_COOKIE, '1', HANDOVER_SECONDS);
    } catch {
      // storage disabled or full: the events stay where IndexedDB got them
    }
  });
  if (allowed()) void start();

  return {
    track(name, props) {
      record(name, cleanProps(props));
    },
    identify(traits, signature) {
      // Your customer id and its signature, so ID lists apply at the edge (which checks the
      // signature); buckets stay on the visitor id. An id without one counts for nothing there.
      // escape(), not encodeURIComponent (12 bytes of the budget): ids are printable ASCII, which
      // both encode as %XX or leave as they are, so the Worker's decodeURIComponent reads either.
      if (allowed() && traits.id) writeCookie(USER_COOKIE, escape(traits.id as string) + '.' + signature, YEAR);
      record('identify', cleanProps(traits));
    },
    consent(chosen) {
      if (chosen !== 'granted' && chosen !== 'denied') return;
      writeCookie(CONSENT_COOKIE, chosen, YEAR);
      tabs.postMessage(chosen);
      choose(chosen);
    },
    async profile() {
      await started;
      adopt();
      // A page that asks is often about to navigate (a consent flow that redirects): what waits to be saved is saved now.
      if (unsaved) void store();
      return (await loadChunk()).profile(state);
    },
    on(name: string, fn: (x: never) => void) {
      const entry: [string, (x: never) => void] = [name, fn];
      listeners.push(entry);
      return () => void listeners.splice(listeners.indexOf(entry), 1);
    },
    async age(days) {
      await started;
      if (!loaded) return;
      adopt();
      [state, eventLog] = (await loadChunk()).age(state, eventLog, days);
      writeProfileCookie();
      // Resolve only once stored: callers reload right after, and a reload must see the change.
      await store();
    },
  };
}
