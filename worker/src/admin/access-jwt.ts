/**
 * Sign-in through Cloudflare Access (production): when ACCESS_TEAM_DOMAIN and ACCESS_AUD are
 * set, Access puts a signed JWT in `Cf-Access-Jwt-Assertion` on every request it lets through.
 * It is verified here (RS256, against the team's published keys, fetched and cached per
 * isolate; `aud`, `iss`, `exp`, `nbf`), and the identity's email or groups are mapped to a role
 * by ACCESS_ROLES (JSON: `{"alice@example.com": "admin", "marketing": "editor", "*@example.com": "viewer"}`).
 */
import { type Role, higherRole, isRole } from './roles.ts';
import type { Env } from '../env.ts';

export const ACCESS_HEADER = 'cf-access-jwt-assertion';
const KEYS_TTL_MS = 10 * 60_000;
const CLOCK_SKEW_S = 60;

export type AccessResult = { ok: true; email: string; role: Role } | { ok: false; status: 401 | 403 | 503; error: string };

interface Jwk extends JsonWebKey {
  kid?: string;
}

const keyCache = new Map<string, { at: number; keys: Map<string, CryptoKey> }>();

/** The team's domain as a host: "myteam" or "myteam.cloudflareaccess.com" → myteam.cloudflareaccess.com. */
export function teamHost(team: string): string {
  const host = team
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host.includes('.') ? host : `${host}.cloudflareaccess.com`;
}

async function teamKeys(host: string, now: number, refresh: boolean): Promise<Map<string, CryptoKey>> {
  const cached = keyCache.get(host);
  if (cached && !refresh && now - cached.at < KEYS_TTL_MS) return cached.keys;
  const response = await fetch(`https://${host}/cdn-cgi/access/certs`);
  if (!response.ok) throw new Error(`the team's keys answered ${response.status}`);
  const body = (await response.json()) as { keys?: Jwk[] };
  const keys = new Map<string, CryptoKey>();
  for (const jwk of body.keys ?? []) {
    if (jwk.kty !== 'RSA' || !jwk.kid) continue;
    const { kid, ...material } = jwk;
    keys.set(kid, await crypto.subtle.importKey('jwk', { ...material, alg: 'RS256', ext: true }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']));
  }
  keyCache.set(host, { at: now, keys });
  return keys;
}

const b64urlBytes = (part: string) =>
  Uint8Array.from(
    atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    ),
    (c) => c.charCodeAt(0),
  );
const b64urlJson = (part: string): unknown => JSON.parse(new TextDecoder().decode(b64urlBytes(part)));

const deny = (error: string): AccessResult => ({ ok: false, status: 401, error: `access: ${error}` });

/** Verifies an Access JWT and maps it to a role. */
export async function verifyAccess(token: string, env: Env, now = Date.now()): Promise<AccessResult> {
  const team = env.ACCESS_TEAM_DOMAIN;
  const aud = env.ACCESS_AUD;
  if (!team || !aud) return { ok: false, status: 503, error: 'access: not configured (set ACCESS_TEAM_DOMAIN and ACCESS_AUD)' };
  const parts = token.split('.');
  if (parts.length !== 3) return deny('the token is not a JWT');
  let header: { alg?: unknown; kid?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = b64urlJson(parts[0]!) as typeof header;
    claims = b64urlJson(parts[1]!) as Record<string, unknown>;
  } catch {
    return deny('the token is not a JWT');
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') return deny('the token must be signed with RS256 and name its key');
  const host = teamHost(team);
  let key: CryptoKey | undefined;
  try {
    key = (await teamKeys(host, now, false)).get(header.kid);
    // A key Access rotated in since the cache was filled.
    if (!key) key = (await teamKeys(host, now, true)).get(header.kid);
  } catch (error) {
    return { ok: false, status: 503, error: `access: could not load the team's keys (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!key) return deny('the token is signed with a key the team does not publish');
  const genuine = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, b64urlBytes(parts[2]!), new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  if (!genuine) return deny("the token's signature is not genuine");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(aud)) return deny('the token is for another application (aud)');
  if (claims.iss !== `https://${host}`) return deny('the token is from another team (iss)');
  const seconds = now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < seconds) return deny('the token has expired; sign in again');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > seconds) return deny('the token is not valid yet');
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!email) return deny('the token names no email (a service token cannot use the editor)');
  const role = roleFor(email, groupsOf(claims), env.ACCESS_ROLES);
  if (!role) return { ok: false, status: 403, error: `access: ${email} has no Slotwise role; an admin adds it (or one of its groups) to ACCESS_ROLES` };
  return { ok: true, email, role };
}

/** Group names from the token's `groups` claim: strings, or objects with a name or id. */
function groupsOf(claims: Record<string, unknown>): string[] {
  const raw = claims.groups;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((g) =>
    typeof g === 'string'
      ? [g]
      : typeof g === 'object' && g !== null
        ? [(g as { name?: unknown }).name, (g as { id?: unknown }).id].filter((v): v is string => typeof v === 'string')
        : [],
  );
}

/** The highest role ACCESS_ROLES gives the email (exactly, or `*@domain`) or any of its groups. */
export function roleFor(email: string, groups: string[], rolesJson: string | undefined): Role | null {
  let rules: Record<string, unknown>;
  try {
    rules = JSON.parse(rolesJson ?? '{}') as Record<string, unknown>;
  } catch {
    return null;
  }
  const lower = email.toLowerCase();
  const names = new Set([lower, `*@${lower.split('@')[1] ?? ''}`, ...groups]);
  let role: Role | null = null;
  for (const [match, given] of Object.entries(rules)) {
    if (isRole(given) && names.has(match.includes('@') ? match.toLowerCase() : match)) role = higherRole(role, given);
  }
  return role;
}
