/** @slotwise/sdk — typed ESM entry. */
export type { SlotwiseApi } from './tag.ts';
