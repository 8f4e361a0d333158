/** Under a campaign's name: why no visitor sees it (or what to check), with the one-click fixes. */
import type { SiteConfigInput } from '@slotwise/core';
import type { CampaignInput } from '../store/draft-ops.ts';
import { applyFix, hiddenReasons } from '../visibility.ts';

export function HiddenNote({ config, campaign }: { config: SiteConfigInput; campaign: CampaignInput }) {
  const reasons = hiddenReasons(config, campaign);
  if (reasons.length === 0) return null;
  const certain = reasons.filter((r) => r.certain);
  const shown = certain.length ? certain : reasons;
  return (
    <span class={`hidden-note ${certain.length ? 'nobody' : 'check'}`} data-testid="hidden-note">
      {certain.length ? 'No visitor sees this: ' : 'Check: '}
      {shown.map((r) => r.text).join('; ')}.
      {shown
        .filter((r) => r.fix)
        .map((r) => (
          <button
            key={r.code}
            type="button"
            class="link"
            onClick={(e) => {
              e.stopPropagation();
              applyFix(campaign.id, r.fix!.action);
            }}
          >
            {r.fix!.label}
          </button>
        ))}
    </span>
  );
}
