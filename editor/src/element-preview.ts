/**
 * Element changes as the frame previews them: each change rendered by core's one renderer for
 * the preview visitor (tokens filled, URLs checked); the frame places it with core's applyRendered.
 */
import type { Content } from '@slotwise/core';
import { type Attributes, renderSlot } from '@slotwise/core/decide';
import type { ElementPreview } from '@slotwise/core/protocol';
import type { ContentInput } from './store/draft-ops.ts';

export function elementPreview(selector: string, match: 'one' | 'all', content: ContentInput, attributes: Attributes): ElementPreview {
  return { selector, match, content: renderSlot(content as Content, attributes) };
}
