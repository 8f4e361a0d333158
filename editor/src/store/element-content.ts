/**
 * The change a marketer makes to an element they picked on the page, as the config's content:
 * each action of the element panel starts from what the element holds now (its text, its HTML,
 * its link or image), so a first edit changes one thing and keeps the rest as it was.
 */
import type { PickedElement } from '@slotwise/core/protocol';
import type { ContentInput } from './draft-ops.ts';

export type ElementAction = 'text' | 'html' | 'link' | 'image' | 'hide' | 'before' | 'after' | 'style';

/** The actions, in the words the panel shows them. */
export const ELEMENT_ACTIONS: { action: ElementAction; label: string; hint: string }[] = [
  { action: 'text', label: 'Edit text', hint: 'Type the new words on the page itself' },
  { action: 'html', label: 'Replace content', hint: 'New formatted content or HTML inside it' },
  { action: 'link', label: 'Change link', hint: 'Where it leads' },
  { action: 'image', label: 'Change image', hint: 'Another picture and its description' },
  { action: 'hide', label: 'Hide', hint: 'Visitors do not see it' },
  { action: 'before', label: 'Insert before', hint: 'New content just above it' },
  { action: 'after', label: 'Insert after', hint: 'New content just below it' },
  { action: 'style', label: 'Style', hint: 'Colour, background, boldness, a class of your site' },
];

/** The content an action starts from, for this element. */
export function startContent(action: ElementAction, element: PickedElement): ContentInput {
  switch (action) {
    case 'text':
      return { kind: 'text', body: element.text };
    case 'html':
      return { kind: 'html', body: element.html.trim() || element.text };
    case 'link':
      return { kind: 'keep', body: '', attrs: { href: element.attrs.href ?? '/' } };
    case 'image': {
      const { src = '', srcset, alt = '' } = element.attrs;
      return { kind: 'keep', body: '', attrs: { src, alt, ...(srcset ? { srcset } : {}) } };
    }
    case 'hide':
      return { kind: 'hide', body: '' };
    case 'before':
    case 'after':
      return { kind: action, body: '<p>Your message here</p>' };
    case 'style':
      return { kind: 'keep', body: '', style: {} };
  }
}

/** Which action a stored content was made with (the panel shows that one as chosen). */
export function actionOf(content: ContentInput): ElementAction {
  if (content.kind === 'text') return 'text';
  if (content.kind === 'html') return 'html';
  if (content.kind === 'hide' || content.kind === 'before' || content.kind === 'after') return content.kind;
  const attrs = content.attrs ?? {};
  if ('src' in attrs || 'srcset' in attrs) return 'image';
  if ('href' in attrs) return 'link';
  return 'style';
}

/** Which actions make sense for this element: a link only on a link, an image only on an image (every one for an unknown tag, ''). */
export function actionsFor(element: Pick<PickedElement, 'tag'>): ElementAction[] {
  if (element.tag === '') return ELEMENT_ACTIONS.map((a) => a.action);
  return ELEMENT_ACTIONS.map((a) => a.action).filter((a) =>
    a === 'link' ? element.tag === 'a' : a === 'image' ? element.tag === 'img' : !(element.tag === 'img' && (a === 'text' || a === 'html')),
  );
}

/** Sets (or, with '', removes) one attribute of the change. */
export function withAttr(content: ContentInput, name: 'href' | 'src' | 'srcset' | 'alt', value: string): ContentInput {
  const attrs: Record<string, string> = { ...content.attrs };
  if (value === '' && name !== 'alt') delete attrs[name];
  else attrs[name] = value;
  return { ...content, attrs: attrs as ContentInput['attrs'] };
}

export type StyleName = 'color' | 'background-color' | 'font-weight';

/** Sets (or, with '', removes) one style of the change. */
export function withStyle(content: ContentInput, name: StyleName, value: string): ContentInput {
  const style: Record<string, string> = { ...content.style };
  if (value === '') delete style[name];
  else style[name] = value;
  return { ...content, style: style as NonNullable<ContentInput['style']> };
}

/** Sets (or, with '', removes) the class from the site's stylesheet the change adds. */
export function withClass(content: ContentInput, addClass: string): ContentInput {
  const { addClass: _, ...rest } = content;
  return addClass.trim() ? { ...rest, addClass: addClass.trim() } : rest;
}
