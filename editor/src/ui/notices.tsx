/** Success, info and error notices, bottom right; errors stay until dismissed. */
import { dismiss, notices } from '../store/notices.ts';

export function Notices() {
  return (
    <div class="notices" aria-live="polite">
      {notices.value.map((n) => (
        <div key={n.id} class={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          {n.link && (
            <a href={n.link.href} target="_blank" rel="noopener">
              {n.link.label}
            </a>
          )}
          <button class="link" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
