/** Results as the Worker measures them: the overview and one campaign in depth. */
import { api } from '../api.ts';

export const loadResults = () => api.results();
export const loadCampaignResults = (id: string) => api.campaignResults(id);
