const LABELS = { draft: 'Draft', live: 'Live', paused: 'Paused' } as const;

export function StatusPill({ status }: { status: keyof typeof LABELS }) {
  return <span class={`pill status-${status}`}>{LABELS[status]}</span>;
}
