/**
 * One campaign, edited beside the live page: where it shows (slots, pages), who sees it (an
 * audience, built visually), what they see (variants, shown in the frame while edited), how it
 * is measured (goal, control group, split) and when (priority, schedule, status). Each section
 * is its own component in campaign/.
 */
import { explainError } from '@slotwise/core';
import { useEffect } from 'preact/hooks';
import { type CampaignInput, updateCampaign } from '../store/draft-ops.ts';
import { draft, errorsAt } from '../store/draft.ts';
import { activeVariant, chooseVariant, editCampaign } from '../store/navigation.ts';
import { Basics } from './campaign/basics.tsx';
import { GoalAndTiming } from './campaign/goal-and-timing.tsx';
import { Programme } from './campaign/programme.tsx';
import { HealthWarnings } from './campaign/health.tsx';
import { Metrics } from './campaign/metrics.tsx';
import type { SectionProps } from './campaign/section.tsx';
import { What } from './campaign/what.tsx';
import { Where } from './campaign/where.tsx';
import { Who } from './campaign/who.tsx';

export function CampaignEditor({ id }: { id: string }) {
  const config = draft.value!;
  const index = config.campaigns.findIndex((c) => c.id === id);
  const campaign = config.campaigns[index];
  // The frame shows the open variant: the first one unless one of this campaign's is chosen.
  useEffect(() => {
    if (campaign && !campaign.variants.some((v) => v.id === activeVariant.value)) chooseVariant(campaign.variants[0]?.id ?? null);
  }, [campaign?.variants.length, id]);
  useEffect(() => () => chooseVariant(null), []);
  if (!campaign) {
    return (
      <div class="panel-body">
        <button class="link back" onClick={() => editCampaign(null)}>
          ← Back
        </button>
        <p>This campaign no longer exists.</p>
      </div>
    );
  }
  const at = `campaigns[${index}]`;
  const props: SectionProps = {
    config,
    campaign,
    at,
    errors: errorsAt(at).map((e) => explainError(config, e)),
    change: (fn: (c: CampaignInput) => CampaignInput) => updateCampaign(id, fn),
  };
  return (
    <div class="panel-body campaign-editor" data-testid="campaign-editor">
      <Basics {...props} />
      <HealthWarnings config={config} campaign={campaign} />
      <Where {...props} />
      <Who {...props} />
      <What {...props} />
      <GoalAndTiming {...props} />
      <Programme {...props} />
      <Metrics {...props} />
    </div>
  );
}
