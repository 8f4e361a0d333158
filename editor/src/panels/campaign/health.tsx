/**
 * The campaign's element changes that stopped finding their element ("not found on 93% of /p/*
 * pages since 2 Dec — the site changed?"), from the edge's selector-health counts, each with a
 * one-click re-pick of the element.
 */
import { useEffect } from 'preact/hooks';
import { repicked, startRepick } from '../../store/element-edit.ts';
import { loadSlotHealth, shortDay, warningsFor } from '../../store/slot-health.ts';
import type { SectionProps } from './section.tsx';

export function HealthWarnings({ config, campaign }: Pick<SectionProps, 'config' | 'campaign'>) {
  useEffect(() => void loadSlotHealth(), [campaign.id]);
  const warnings = warningsFor(campaign.slots);
  if (warnings.length === 0) return null;
  return (
    <>
      {warnings.map((w) => {
        const pages = config.slots.find((s) => s.name === w.slot)?.pages?.join(', ') ?? 'its';
        if (repicked.value.has(w.slot))
          return (
            <p key={w.slot} class="muted small" role="status" data-testid="selector-health">
              You picked the element again: once published, this note goes as soon as visitors load {pages} pages where it is found.
            </p>
          );
        return (
          <div key={w.slot} class="warning health-warning" role="alert" data-testid="selector-health">
            <span>
              This change is not found on {w.missingPct}% of {pages} pages since {shortDay(w.since)} — the site changed? Visitors there see the page as it is.
            </span>
            <button type="button" class="btn small" onClick={() => startRepick(w.slot)}>
              Pick the element again
            </button>
          </div>
        );
      })}
    </>
  );
}
