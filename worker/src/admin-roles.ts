/**
 * What each admin role may do. Roles are ordered: each includes everything the one before it
 * may do — viewer (read the draft, results, versions), editor (+ change the draft, the library,
 * customer data), publisher (+ publish, roll back), admin (+ manage accounts).
 */
export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const hasRole = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** The higher of two roles (an Access identity matched by several rules gets the highest). */
export const higherRole = (a: Role | null, b: Role): Role => (a !== null && hasRole(a, b) ? a : b);

/**
 * The role an Admin API request needs, by method and path (below /__sw/admin). Reading is for
 * everyone signed in; accounts are for admins only, reading them too (they list who has access).
 */
export function roleNeeded(method: string, path: string): Role {
  if (path === '/accounts' || path.startsWith('/accounts/')) return 'admin';
  if (method === 'GET' || method === 'HEAD') return 'viewer';
  // Sanitizing changes nothing: it only says what a save would remove. Anyone may make tokens
  // for their own scripts: a token carries its owner's role, no more.
  if (path === '/sanitize' || path === '/tokens' || path.startsWith('/tokens/')) return 'viewer';
  if (path === '/publish' || path === '/rollback') return 'publisher';
  return 'editor';
}
