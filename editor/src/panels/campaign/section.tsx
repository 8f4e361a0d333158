/** What every section of the campaign editor is given, and how it shows its errors. */
import type { FormSection, MarketerError, SiteConfigInput } from '@slotwise/core';
import type { CampaignInput } from '../../store/draft-ops.ts';

export interface SectionProps {
  config: SiteConfigInput;
  campaign: CampaignInput;
  /** The campaign's config path, e.g. `campaigns[2]` (errors and sanitizer removals use it). */
  at: string;
  errors: MarketerError[];
  /** Applies a change to this campaign (validated at once, saved shortly after). */
  change: (fn: (c: CampaignInput) => CampaignInput) => void;
}

/** Errors in marketer words, shown next to the part of the form they are about. */
export function FieldErrors({ list, at }: { list: MarketerError[]; at: FormSection[] }) {
  const here = list.filter((e) => at.includes(e.section));
  if (here.length === 0) return null;
  return (
    <ul class="errors" role="alert">
      {here.map((e) => (
        <li key={e.path + e.text}>{e.text}</li>
      ))}
    </ul>
  );
}
