/**
 * The budget chart per segment as the Programme screen shows it (GET /__sw/admin/programme; core
 * segment-chart.ts counts it): the rows a marketer picks from, named in words, and this week's
 * line per segment. A customer in several segments is in each of their rows, so rows overlap.
 */
import { ALL_CUSTOMERS_ROW, type ProgrammeSegment, type ProgrammeView, type ProgrammeWeek } from '@slotwise/core/protocol';

/** A row's name for a marketer: "All customers", "Deal seeker", "Single category regular". */
export function segmentLabel(id: string): string {
  if (id === ALL_CUSTOMERS_ROW.id) return 'All customers';
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The rows to pick from: every segment the server counted, or all customers alone from a server without them. */
export function chartRows(view: ProgrammeView): ProgrammeSegment[] {
  return view.segments?.length ? view.segments : [{ ...ALL_CUSTOMERS_ROW, weeks: view.weeks }];
}

export interface SegmentLine {
  id: string;
  label: string;
  week: ProgrammeWeek;
}

/** This week (the last) per row: all customers first, then the segments with customers seen, most first. */
export function thisWeekBySegment(view: ProgrammeView): SegmentLine[] {
  const lines = chartRows(view).flatMap((row) => {
    const week = row.weeks.at(-1);
    return week ? [{ id: row.id, label: segmentLabel(row.id), week }] : [];
  });
  const [all, ...segments] = lines;
  const seen = segments.filter((l) => l.week.visitors > 0).sort((a, b) => b.week.visitors - a.week.visitors);
  return all ? [all, ...seen] : seen;
}
