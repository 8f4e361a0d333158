/**
 * Which role each Admin API route needs. The roles themselves and their order are core's
 * (roles.ts), shared with the editor.
 */
import { type Role, hasRole } from '@slotwise/core/protocol';

export { ROLES, type Role, hasRole, isRole } from '@slotwise/core/protocol';

/** The higher of two roles (an Access identity matched by several rules gets the highest). */
export const higherRole = (a: Role | null, b: Role): Role => (a !== null && hasRole(a, b) ? a : b);

/**
 * The role an Admin API request needs, by method and path (below /__sw/admin). Reading is for
 * everyone signed in; accounts are for admins only, reading them too (they list who has access).
 */
export function roleNeeded(method: string, path: string): Role {
  if (path === '/accounts' || path.startsWith('/accounts/')) return 'admin';
  // Raw events leave through these, or move between stores: admins only (admin/pipeline.ts).
  if (path.startsWith('/exports') || path === '/events/rebalance' || path.startsWith('/events/dead-letters/')) return 'admin';
  if (method === 'GET' || method === 'HEAD') return 'viewer';
  // Sanitizing and a recommendation preview change nothing. Anyone may make tokens
  // for their own scripts: a token carries its owner's role, no more.
  if (path === '/sanitize' || path === '/catalog/preview' || path === '/tokens' || path.startsWith('/tokens/')) return 'viewer';
  if (path === '/publish' || path === '/rollback') return 'publisher';
  return 'editor';
}
