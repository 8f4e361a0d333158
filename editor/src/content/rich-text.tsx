/**
 * Formatted text: a Tiptap editor with a toolbar. The body is sanitized (the shared allow-list)
 * into nodes of an inert document and parsed by the schema (rich-schema.ts), never assigned as
 * HTML; what the marketer writes comes back as the schema's HTML.
 */
import { Editor } from '@tiptap/core';
import { DOMParser as SchemaParser } from '@tiptap/pm/model';
import { useEffect, useRef } from 'preact/hooks';
import { allowedUrl } from '@slotwise/core/sanitize';
import { sanitizeHtml, sanitizedFragment } from '../sanitize.ts';
import { notify } from '../store/notices.ts';
import { richExtensions, richSchema } from './rich-schema.ts';

/** The body as the schema's document (JSON), from sanitized nodes. */
export function richDocument(html: string): Record<string, unknown> {
  return SchemaParser.fromSchema(richSchema).parse(sanitizedFragment(html)).toJSON() as Record<string, unknown>;
}

export function RichText({ html, onInput }: { html: string; onInput: (html: string) => void }) {
  const mount = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const changed = useRef(onInput);
  changed.current = onInput;

  useEffect(() => {
    const instance = new Editor({
      element: mount.current,
      extensions: richExtensions(),
      content: richDocument(html),
      injectCSS: false,
      editorProps: {
        attributes: { class: 'rich-area', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Formatted content' },
        // Pasted HTML is cut down to the allow-list before ProseMirror reads it (also where the
        // browser has no Trusted Types to do it).
        transformPastedHTML: (pasted) => sanitizeHtml(pasted),
      },
      onUpdate: ({ editor: e }) => changed.current(e.getHTML()),
    });
    editor.current = instance;
    return () => {
      instance.destroy();
      editor.current = null;
    };
    // Only on mount: afterwards the editor is the source of truth while typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const chain = () => editor.current!.chain().focus();
  /** Asks for a URL; refuses (and says why) one with a scheme the allow-list does not have. */
  const askUrl = (question: string): string | null => {
    const url = prompt(question)?.trim();
    if (!url) return null;
    if (allowedUrl(url)) return url;
    notify('error', `“${url.slice(0, 60)}” is not allowed: use a relative address, http(s), mailto or tel.`);
    return null;
  };
  return (
    <div class="rich">
      <div class="rich-toolbar" role="toolbar" aria-label="Formatting">
        <button type="button" title="Bold" aria-label="Bold" onClick={() => chain().toggleBold().run()}>
          <b>B</b>
        </button>
        <button type="button" title="Italic" aria-label="Italic" onClick={() => chain().toggleItalic().run()}>
          <i>I</i>
        </button>
        <button type="button" title="Heading" aria-label="Heading" onClick={() => chain().toggleHeading({ level: 2 }).run()}>
          H
        </button>
        <button
          type="button"
          title="Link"
          aria-label="Link"
          onClick={() => {
            const href = askUrl('Link to (e.g. /shoes or https://…)');
            if (!href) return;
            if (editor.current!.state.selection.empty)
              chain()
                .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
                .run();
            else chain().extendMarkRange('link').setMark('link', { href }).run();
          }}
        >
          Link
        </button>
        <button
          type="button"
          title="Image"
          aria-label="Image"
          onClick={() => {
            const src = askUrl('Image address (e.g. /img/hero.svg)');
            if (src) chain().setImage({ src }).run();
          }}
        >
          Image
        </button>
        <button type="button" title="Clear formatting" aria-label="Clear formatting" onClick={() => chain().unsetAllMarks().clearNodes().run()}>
          Clear
        </button>
      </div>
      <div ref={mount} class="rich-mount" />
    </div>
  );
}
