/**
 * @slotwise/core/stats — results: a campaign's arms with uplift, intervals and the verdict, the
 * daily rows behind them, and the bandit weights served from them.
 */
export {
  campaignResults,
  banditWeightsToServe,
  DEFAULT_GOAL,
  type ArmTotals,
  type ArmResult,
  type CampaignResults,
  type CampaignSummary,
  type CampaignDetail,
  type DailyRow,
} from '../stats-results.ts';
export { withBanditWeights, type BanditWeights } from '../bandit.ts';
export { recommendationResults, type RecoCounts, type RecoArmResult } from '../recommend/results.ts';
