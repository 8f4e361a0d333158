/**
 * An element picked on the page (no developer marked it): its selector and how many elements
 * that selector finds here, what to do with it, where the change applies (this page, or every
 * page of the template, with how many of the site's known pages have the element), then a
 * campaign made of it, where the audience, split, control group, goal and schedule are set.
 */
import { editTextInFrame, pickParentInFrame } from '../frame.ts';
import { countOnPage } from '../page-probe.ts';
import {
  type ElementChange,
  createElementCampaign,
  dropElement,
  editElementContent,
  measureReach,
  notReady,
  reach,
  setMatch,
  setPattern,
  setScope,
} from '../store/element-edit.ts';
import { page } from '../store/frame-page.ts';
import { ElementForm } from './element-form.tsx';

export function ElementPanel({ change }: { change: ElementChange }) {
  const { element } = change;
  const blocked = notReady(change);
  const name = element.text ? `“${element.text.slice(0, 60)}${element.text.length > 60 ? '…' : ''}”` : `<${element.tag}>`;
  return (
    <div class="panel-body" data-testid="element-panel">
      <button class="link back" onClick={dropElement}>
        ← All slots on this page
      </button>
      <h2 class="panel-title">
        Change this {TAG_WORDS[element.tag] ?? element.tag} <span class="muted">{name}</span>
      </h2>
      <MatchBox change={change} />
      <section class="block">
        <h3>What to do with it</h3>
        <ElementForm
          element={element}
          content={change.content}
          onChange={editElementContent}
          onEditOnPage={() => editTextInFrame(element.selector)}
          siteClasses={page.value?.classes ?? []}
        />
      </section>
      <Scope change={change} />
      {blocked && (
        <p class="muted small" role="status">
          {blocked}
        </p>
      )}
      <button class="btn primary" disabled={blocked !== null} onClick={() => createElementCampaign()}>
        Create a campaign with this change
      </button>
      <p class="muted small">Next you choose who sees it, the A/B split, the control group and the goal; nothing is live until you publish.</p>
    </div>
  );
}

const TAG_WORDS: Record<string, string> = {
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  p: 'paragraph',
  a: 'link',
  img: 'image',
  button: 'button',
  li: 'list item',
  span: 'text',
  div: 'block',
  section: 'section',
};

function MatchBox({ change }: { change: ElementChange }) {
  const { selector, count } = change.element;
  return (
    <div class="selector-box" data-testid="selector-box">
      <span class="label">How Slotwise finds it</span>
      <code>{selector}</code>
      <button class="link small" type="button" onClick={() => pickParentInFrame(selector)}>
        Select the parent element
      </button>
      {count === 1 ? (
        <span class="small">Matches exactly this element on this page.</span>
      ) : count === 0 ? (
        <span class="small error">Matches nothing on this page any more: pick it again.</span>
      ) : (
        <>
          <span class="small warning">Matches {count} elements on this page.</span>
          <label class="choice small">
            <input type="radio" name="match" checked={change.match === 'one'} onChange={() => setMatch('one')} />
            Only the first one
          </label>
          <label class="choice small">
            <input type="radio" name="match" checked={change.match === 'all'} onChange={() => setMatch('all')} />
            All {count} matches
          </label>
        </>
      )}
    </div>
  );
}

function Scope({ change }: { change: ElementChange }) {
  const template = () => {
    setScope('template');
    void measureReach(countOnPage(change.element.selector));
  };
  return (
    <section class="block">
      <h3>Where</h3>
      <label class="choice">
        <input type="radio" name="scope" checked={change.scope === 'page'} onChange={() => setScope('page')} />
        <span>
          Only this page <code>{change.path}</code>
        </span>
      </label>
      <label class="choice">
        <input type="radio" name="scope" checked={change.scope === 'template'} onChange={template} />
        <span>
          Every page like this one <code>{change.pattern}</code>
        </span>
      </label>
      {change.scope === 'template' && (
        <>
          <label class="field">
            <span>Pages (a pattern: * stands for any part of the address)</span>
            <input
              aria-label="Page pattern"
              value={change.pattern}
              onChange={(e) => {
                setPattern(e.currentTarget.value);
                void measureReach(countOnPage(change.element.selector));
              }}
            />
          </label>
          <ReachLine />
        </>
      )}
    </section>
  );
}

function ReachLine() {
  const r = reach.value;
  if (!r) return null;
  const read = r.pages.filter((p) => p.count !== null);
  const found = read.filter((p) => (p.count ?? 0) > 0).length;
  const missing = read.filter((p) => p.count === 0).map((p) => p.path);
  return (
    <p class={`small ${missing.length ? 'warning' : 'muted'}`} role="status" data-testid="template-reach">
      {r.pages.length === 0 && r.done
        ? `No other page of ${r.pattern} is known yet: open one in the frame and it is counted.`
        : `Found on ${found} of ${read.length} ${r.pattern} pages${r.done ? '' : ' so far'}`}
      {r.pages.length > 0 && (
        <>
          {' '}
          <span class="muted">(the pages you opened here and the pages they link to, as the site serves them)</span>
        </>
      )}
      {missing.length > 0 && (
        <>
          {' '}
          — not on {missing.slice(0, 3).join(', ')}
          {missing.length > 3 ? '…' : ''}: the change does nothing there.
        </>
      )}
    </p>
  );
}
