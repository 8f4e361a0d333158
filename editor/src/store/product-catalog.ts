/**
 * The product catalog as the Products screen shows it: how many products, the feed and its last
 * pull, the lines the last load rejected; uploading a file and setting the feed. After any change
 * the preview's answers are forgotten, since they were picked from the old catalog.
 */
import { signal } from '@preact/signals';
import { type CatalogLoadReport, type CatalogStatus, type CatalogUploadReport, api } from '../api.ts';
import { notify } from './notices.ts';
import { forgetRecommendations } from './recommend-preview.ts';
import { plural } from '../words.ts';

export const catalogStatus = signal<CatalogStatus | null>(null);
export const catalogError = signal<string | null>(null);
/** The report of the upload made in this screen, until the next one. */
export const lastUpload = signal<(CatalogUploadReport & { file: string }) | null>(null);
export const uploading = signal(false);

export async function loadCatalogStatus(): Promise<void> {
  try {
    catalogStatus.value = await api.catalogStatus();
    catalogError.value = null;
  } catch (error) {
    catalogError.value = (error as Error).message;
  }
}

/** A file as the screen hands it over: its name and its text. */
export interface CatalogFile {
  name: string;
  text(): Promise<string>;
}

/** JSON Lines unless the file is one JSON array (by its first character, whatever its name says). */
export function catalogFileType(text: string): 'application/json' | 'application/jsonl' {
  return text.trimStart().startsWith('[') ? 'application/json' : 'application/jsonl';
}

/** Uploads a catalog file: its products are added or updated; lines that fail are reported, the rest load. */
export async function uploadCatalogFile(file: CatalogFile): Promise<boolean> {
  uploading.value = true;
  try {
    const text = await file.text();
    if (!text.trim()) {
      notify('error', `${file.name} is empty: nothing was loaded.`);
      return false;
    }
    const report = await api.uploadCatalog(text, catalogFileType(text));
    lastUpload.value = { ...report, file: file.name };
    notify(report.rejected || report.error ? 'error' : 'success', `${file.name}: ${pullSummary(report)}${report.rejected ? ' (see below)' : ''}.`);
    forgetRecommendations();
    await loadCatalogStatus();
    return true;
  } catch (error) {
    notify('error', `${file.name} was not loaded: ${(error as Error).message}`);
    return false;
  } finally {
    uploading.value = false;
  }
}

/**
 * The feed the Worker pulls on its schedule, pulled once now so the marketer sees at once what
 * it loads; the answer's reason is shown as is when refused.
 */
export async function setCatalogFeed(url: string, everyHours: number): Promise<boolean> {
  try {
    const answer = await api.setCatalogFeed(url.trim(), everyHours);
    const pulled = 'pulled' in answer ? answer.pulled : undefined;
    const now = pulled ? ` Pulled now: ${pullSummary(pulled)}.` : '';
    notify(pulled?.error || pulled?.rejected ? 'error' : 'success', `The catalog is pulled from ${url.trim()} every ${plural(everyHours, 'hour')}.${now}`);
    lastUpload.value = null;
    forgetRecommendations();
    await loadCatalogStatus();
    return true;
  } catch (error) {
    notify('error', `Feed not saved: ${(error as Error).message}`);
    return false;
  }
}

/** "23 products loaded, 1 line rejected", or why nothing was. */
export function pullSummary(report: CatalogLoadReport): string {
  if (report.error && report.accepted === 0) return `nothing loaded, ${report.error}`;
  const rejected = report.rejected ? `, ${plural(report.rejected, 'line')} rejected` : '';
  return `${plural(report.accepted, 'product')} loaded${rejected}${report.error ? ` (stopped: ${report.error})` : ''}`;
}

/** The latest load of either kind: the one whose rejected lines the screen lists. */
export function latestLoad(status: CatalogStatus | null): CatalogLoadReport | null {
  const loads = [status?.lastLoad, status?.lastFeedPull].filter((l): l is CatalogLoadReport => !!l);
  return loads.sort((a, b) => b.at - a.at)[0] ?? null;
}
