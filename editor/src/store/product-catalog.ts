/**
 * The product catalog as the Products screen shows it: how many products, the feed and its last
 * pull, the lines the last load rejected; uploading a file and setting the feed. After any change
 * the preview's answers are forgotten, since they were picked from the old catalog.
 */
import { signal } from '@preact/signals';
import { type CatalogStatus, type CatalogUploadReport, api } from '../api.ts';
import { notify } from './notices.ts';
import { forgetRecommendations } from './recommend-preview.ts';

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
    const rejected = report.rejected.length;
    notify(
      rejected ? 'error' : 'success',
      `${file.name}: ${report.accepted} product${report.accepted === 1 ? '' : 's'} loaded${rejected ? `, ${rejected} line${rejected === 1 ? '' : 's'} rejected (see below)` : ''}.`,
    );
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

/** The feed the Worker pulls on its schedule; the answer's reason is shown as is when refused. */
export async function setCatalogFeed(url: string, everyHours: number): Promise<boolean> {
  try {
    await api.setCatalogFeed(url.trim(), everyHours);
    notify('success', `The catalog is pulled from ${url.trim()} every ${everyHours} hour${everyHours === 1 ? '' : 's'}.`);
    await loadCatalogStatus();
    return true;
  } catch (error) {
    notify('error', `Feed not saved: ${(error as Error).message}`);
    return false;
  }
}
