/**
 * Element changes as the frame previews them: each change rendered by core's one renderer for
 * the preview visitor (tokens filled, URLs checked), then handed to the frame to place.
 */
import type { Attributes } from '@slotwise/core/decide';
import { renderSlot } from '@slotwise/core/decide';
import type { ElementPreview } from '@slotwise/core/protocol';
import type { ContentInput } from './store/draft-ops.ts';

const ACTIONS = { html: 'replace', text: 'replace', keep: 'keep', hide: 'hide', before: 'before', after: 'after' } as const;

export function elementPreview(selector: string, match: 'one' | 'all', content: ContentInput, attributes: Attributes): ElementPreview {
  const rendered = renderSlot(content as Parameters<typeof renderSlot>[0], attributes);
  return {
    selector,
    match,
    action: ACTIONS[content.kind],
    html: rendered.html,
    attrs: Object.fromEntries(rendered.attrs),
    style: { ...content.style },
    addClass: (content.addClass ?? '').split(/\s+/).filter(Boolean),
  };
}
