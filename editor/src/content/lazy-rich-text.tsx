/**
 * The formatted-text editor, loaded the first time one is shown: Tiptap and ProseMirror are most
 * of the editor's script, and a marketer who only browses, previews or reads results never needs
 * them.
 */
import { useEffect, useState } from 'preact/hooks';

type Module = typeof import('./rich-text.tsx');
let loading: Promise<Module> | null = null;

export function RichText(props: { html: string; onInput: (html: string) => void }) {
  const [mod, setMod] = useState<Module | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    (loading ??= import('./rich-text.tsx')).then(
      (m) => live && setMod(m),
      () => {
        loading = null;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (mod) return <mod.RichText {...props} />;
  return (
    <div class="rich muted small" role="status">
      {failed ? 'The formatted editor did not load; use the HTML tab, or reload.' : 'Loading the formatted editor…'}
    </div>
  );
}
