/**
 * Which audiences need data only the server holds: ID lists (`$inGroup`, `$notInGroup`, the
 * `user.*` attributes) and stored customer traits (`traits.*`). Campaigns with such an audience
 * are decided at the edge (and by the Decide API) only: the per-page config browsers fetch
 * leaves them out, with their content, so neither a list nor the content it gates reaches a
 * browser (issue 16, item 6).
 */
const SERVER_OPERATORS = new Set(['$inGroup', '$notInGroup']);
const isServerPath = (key: string) => key === 'user' || key === 'traits' || key.startsWith('user.') || key.startsWith('traits.');

/** Whether a condition refers to server-side data anywhere in it (under `$and`, `$not`, `$elemMatch` … too). */
export function needsServerData(condition: unknown): boolean {
  if (Array.isArray(condition)) return condition.some(needsServerData);
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition).some(([key, value]) => SERVER_OPERATORS.has(key) || isServerPath(key) || needsServerData(value));
}
