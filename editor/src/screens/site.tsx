/**
 * The site screen: the real site in a frame (through the Worker, same origin, in edit mode)
 * with every slot outlined, and beside it what the marketer works on — the slots of the page,
 * the selected slot's campaigns, or the campaign being edited. What the frame shows follows
 * the work: the variant being edited, or the page as the preview visitor gets it.
 */
import { useComputed, useSignalEffect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { applyElementsToFrame, applyToFrame, attachFrame, helloFrame, highlightInFrame, listenToFrame, outlineInFrame, setFrameMode } from '../frame.ts';
import { elementPreview } from '../element-preview.ts';
import { ElementPanel } from '../panels/element-panel.tsx';
import { cancelRepick, elementChange, repicking } from '../store/element-edit.ts';
import type { ElementPreview } from '@slotwise/core/protocol';
import { compilePages } from '@slotwise/core/decide';
import { revealSlot } from '../frame-reveal.ts';
import type { SlotContents } from '@slotwise/core/protocol';
import { type ShownFor, contentsFor, decidePreview, frameContent, previewAttributes } from '../preview.ts';
import { shownFor } from '../store/recommend-preview.ts';
import { draft } from '../store/draft.ts';
import { page } from '../store/frame-page.ts';
import { type Device, activeVariant, chooseFrameMode, device, frameMode, framePath, goToPath, openCampaign, selectSlot, selectedSlot, setDevice } from '../store/navigation.ts';
import { liveBanditWeights, previewOn, previewVisitor } from '../store/preview.ts';
import { CampaignEditor } from '../panels/campaign-editor.tsx';
import { PreviewBar } from '../panels/preview-bar.tsx';
import { SlotPanel } from '../panels/slot-panel.tsx';
import { plural } from '../words.ts';

/** Frame widths a marketer checks a page at: the site's own breakpoints decide the rest. */
const DEVICES: Record<Device, { label: string; width: number | null }> = {
  desktop: { label: 'Desktop', width: null },
  tablet: { label: 'Tablet', width: 768 },
  phone: { label: 'Phone', width: 390 },
};

export function SiteScreen() {
  const ref = useRef<HTMLIFrameElement>(null);
  // The address shows the frame's page, or what the marketer typed while that page was shown. Derived,
  // not copied in an effect: an effect runs after the browser paints, so a page that had just been
  // reported could overwrite what was typed in between (CI caught the typed path replaced by "/").
  const shownPath = page.value?.path ?? framePath.value;
  const [typed, setTyped] = useState<{ on: string; text: string } | null>(null);
  const address = typed?.on === shownPath ? typed.text : shownPath;

  useEffect(() => {
    attachFrame(ref.current);
    const stop = listenToFrame();
    helloFrame();
    return () => {
      stop();
      attachFrame(null);
    };
  }, []);

  // Keep the frame showing what the marketer is looking at.
  useSignalEffect(() => {
    const current = page.value;
    const config = draft.value;
    if (!current || !config) return;
    applyToFrame(
      frameContents(
        current.path,
        current.slots.map((s) => s.name),
      ),
    );
  });
  useSignalEffect(() => highlightInFrame(selectedSlot.value));
  // Element changes (element slots) shown in the frame, the picked element outlined, and what a click does.
  useSignalEffect(() => {
    const current = page.value;
    if (!current || !draft.value) return;
    applyElementsToFrame(frameElementChanges(current.path));
  });
  useSignalEffect(() => {
    void page.value;
    outlineInFrame(elementChange.value?.element.selector ?? null);
  });
  useSignalEffect(() => {
    void page.value;
    setFrameMode(frameMode.value);
  });
  // The selected slot in view, above the site's cookie banner and other fixed overlays; again
  // after the frame reports a page (a navigation, or the slot's content applied).
  useSignalEffect(() => {
    void page.value;
    revealSlot(ref.current, selectedSlot.value);
  });

  function go(event: Event) {
    event.preventDefault();
    const path = address.startsWith('/') ? address : `/${address}`;
    setTyped(null);
    goToPath(path);
    if (ref.current) ref.current.src = path;
  }

  return (
    <div class="site-screen">
      <section class="stage">
        <div class="stage-bar">
          <form class="address" onSubmit={go}>
            <button type="button" class="btn icon" title="Back" aria-label="Back" onClick={() => ref.current?.contentWindow?.history.back()}>
              ←
            </button>
            <input aria-label="Page path" value={address} onInput={(e) => setTyped({ on: shownPath, text: e.currentTarget.value })} />
            <button type="submit" class="btn icon" title="Go" aria-label="Go">
              ↵
            </button>
          </form>
          <div class="segmented devices" role="radiogroup" aria-label="Device width">
            {(Object.keys(DEVICES) as Device[]).map((d) => (
              <button key={d} type="button" role="radio" aria-checked={device.value === d} class={device.value === d ? 'on' : ''} onClick={() => setDevice(d)}>
                {DEVICES[d].label}
              </button>
            ))}
          </div>
          <div class="segmented" role="radiogroup" aria-label="What a click on the page does">
            <button type="button" role="radio" aria-checked={frameMode.value === 'pick'} class={frameMode.value === 'pick' ? 'on' : ''} onClick={() => chooseFrameMode('pick')}>
              Pick elements
            </button>
            <button
              type="button"
              role="radio"
              aria-checked={frameMode.value === 'browse'}
              class={frameMode.value === 'browse' ? 'on' : ''}
              onClick={() => chooseFrameMode('browse')}
            >
              Browse
            </button>
          </div>
          <PreviewBar />
        </div>
        {repicking.value && (
          <p class="warning repick" role="status">
            Click the element on the page that the change to <code>{repicking.value}</code> should apply to now.{' '}
            <button type="button" class="link" onClick={cancelRepick}>
              Cancel
            </button>
          </p>
        )}
        <div class={`frame-wrap device-${device.value}`}>
          <iframe
            ref={ref}
            src={framePath.value}
            title="Your site"
            class="site-frame"
            style={DEVICES[device.value].width ? { width: `${DEVICES[device.value].width}px` } : undefined}
          />
        </div>
      </section>
      <aside class="panel" aria-label="Slots and campaigns">
        {openCampaign.value ? (
          <CampaignEditor id={openCampaign.value} />
        ) : elementChange.value ? (
          <ElementPanel change={elementChange.value} />
        ) : selectedSlot.value ? (
          <SlotPanel slot={selectedSlot.value} />
        ) : (
          <PageSlots />
        )}
      </aside>
    </div>
  );
}

/** What each slot on the page shows now: the edited variant, the preview, or the default. */
function frameContents(path: string, slots: string[]): SlotContents {
  const config = draft.value!;
  const editing = openCampaign.value ? config.campaigns.find((c) => c.id === openCampaign.value) : undefined;
  const variantId = activeVariant.value;
  const none: SlotContents = Object.fromEntries(slots.map((s) => [s, null]));
  // A recommendation's products for the preview visitor on this page, once the Worker said which.
  const recommended: ShownFor = (content) => {
    if (!content.recommend) return null;
    const shown = shownFor(content.recommend, previewVisitor.value, path);
    return shown.state === 'ready' ? shown.shown : null;
  };
  if (editing && variantId) {
    const variant = editing.variants.find((v) => v.id === variantId);
    const attributes = previewAttributes(previewVisitor.value, path);
    for (const slot of editing.slots) {
      const content = variant?.content[slot];
      if (slots.includes(slot)) none[slot] = content ? frameContent(content, attributes, recommended) : null;
    }
    return none;
  }
  if (previewOn.value) {
    const decisions = decidePreview(config, previewVisitor.value, path, slots, liveBanditWeights.value);
    return 'error' in decisions ? none : contentsFor(decisions, slots, recommended);
  }
  return none;
}

/**
 * The element changes the frame shows: the change being made, or the open campaign's variant on
 * its element slots whose pages include this one (or, previewing, what the visitor gets).
 */
function frameElementChanges(path: string): ElementPreview[] {
  const config = draft.value!;
  const attributes = previewAttributes(previewVisitor.value, path);
  const making = elementChange.value;
  if (making) return making.content ? [elementPreview(making.element.selector, making.match, making.content, attributes)] : [];
  const pathOnly = path.replace(/[?#].*$/, '');
  const elementSlots = config.slots.filter((s) => s.selector && compilePages(s.pages)(pathOnly));
  const editing = openCampaign.value ? config.campaigns.find((c) => c.id === openCampaign.value) : undefined;
  const variant = editing?.variants.find((v) => v.id === activeVariant.value);
  const out: ElementPreview[] = [];
  if (editing && variant) {
    for (const slot of elementSlots) {
      const content = editing.slots.includes(slot.name) ? variant.content[slot.name] : undefined;
      if (content) out.push(elementPreview(slot.selector!, slot.match ?? 'one', content, attributes));
    }
    return out;
  }
  if (previewOn.value) {
    const decisions = decidePreview(
      config,
      previewVisitor.value,
      path,
      elementSlots.map((s) => s.name),
      liveBanditWeights.value,
    );
    if ('error' in decisions) return out;
    for (const slot of elementSlots) {
      const decided = decisions.slots[slot.name];
      if (decided?.content) out.push(elementPreview(slot.selector!, slot.match ?? 'one', decided.content, attributes));
    }
  }
  return out;
}

function PageSlots() {
  const current = page.value;
  const campaignsBySlot = useComputed(() => {
    const counts = new Map<string, number>();
    for (const c of draft.value?.campaigns ?? []) for (const s of c.slots) counts.set(s, (counts.get(s) ?? 0) + 1);
    return counts;
  });
  if (!current)
    return (
      <div class="empty">
        <p>Loading the page…</p>
      </div>
    );
  const here = current.path.replace(/[?#].*$/, '');
  const elementSlots = (draft.value?.slots ?? []).filter((s) => s.selector && compilePages(s.pages)(here));
  return (
    <div class="panel-body">
      <h2 class="panel-title">{current.title || current.path}</h2>
      <p class="muted small">
        {current.path}
        {current.category ? ` · category “${current.category}”` : ''}
      </p>
      <p class="muted">
        Click any element on the page to change it: its text, a link or an image, hide it, insert something beside it, or restyle it. Slots your developers marked are outlined.
      </p>
      {current.slots.length > 0 && (
        <>
          <h3 class="list-head">Slots marked on this page</h3>
          <ul class="slot-list">
            {current.slots.map((s) => (
              <li key={s.name}>
                <button class="slot-item" onClick={() => selectSlot(s.name)}>
                  <span class="slot-name">{s.name}</span>
                  <span class="muted small clamp">{s.text || '(empty)'}</span>
                  <span class="pill">{plural(campaignsBySlot.value.get(s.name) ?? 0, 'campaign')}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {elementSlots.length > 0 && (
        <>
          <h3 class="list-head">Elements changed on this page</h3>
          <ul class="slot-list" data-testid="element-slots">
            {elementSlots.map((s) => (
              <li key={s.name}>
                <button class="slot-item" onClick={() => selectSlot(s.name)}>
                  <span class="slot-name">{s.name}</span>
                  <span class="muted small clamp">
                    <code>{s.selector}</code> on {(s.pages ?? []).join(', ')}
                  </span>
                  <span class="pill">{plural(campaignsBySlot.value.get(s.name) ?? 0, 'campaign')}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
