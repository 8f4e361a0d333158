/**
 * The formatted-text editor's schema (Tiptap on ProseMirror): only what the server's allow-list
 * keeps and a marketer formats — paragraphs, headings, bold, italic, line breaks, lists, links
 * and images whose URL passes core's `allowedUrl`. Whatever is pasted or loaded is parsed into
 * these nodes, so nothing else can exist in the editor. No CSS is injected (the CSP allows none
 * inline); editor.css styles it.
 */
import { type Extensions, Mark, getSchema, mergeAttributes } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Heading from '@tiptap/extension-heading';
import Image from '@tiptap/extension-image';
import Italic from '@tiptap/extension-italic';
import { BulletList, ListItem, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { UndoRedo } from '@tiptap/extensions';
import { allowedUrl } from '@slotwise/core/sanitize';

/**
 * A link: `href` (only an allowed URL, else the link is not a link) and `title`. Our own mark
 * rather than @tiptap/extension-link, whose autolinking (and its 20 KB linkify) we do not use.
 */
const Link = Mark.create({
  name: 'link',
  inclusive: false,
  addAttributes: () => ({ href: { default: null }, title: { default: null } }),
  parseHTML: () => [{ tag: 'a[href]', getAttrs: (el) => (allowedUrl((el as Element).getAttribute('href') ?? '') ? null : false) }],
  renderHTML: ({ HTMLAttributes }) => ['a', mergeAttributes(HTMLAttributes), 0],
});

export function richExtensions(): Extensions {
  return [
    Document,
    Paragraph,
    Text,
    Heading,
    Bold,
    Italic,
    HardBreak,
    BulletList,
    OrderedList,
    ListItem,
    UndoRedo,
    Link,
    Image.configure({ inline: true, allowBase64: false }).extend({
      parseHTML: () => [{ tag: 'img[src]', getAttrs: (el) => (allowedUrl((el as Element).getAttribute('src') ?? '') ? null : false) }],
    }),
  ];
}

export const richSchema = getSchema(richExtensions());
