/**
 * The files Slotwise serves under /__sw/ (the SDK's chunks, the editor's build), from the
 * Worker's own bundle, each with its build's entity-tag (revalidated by Hono's etag middleware,
 * mounted in app.ts), cached as each kind allows.
 */
import { EDITOR_CSP } from './editor-csp.ts';
import { STATIC_ASSETS, type StaticAsset } from '../generated/static-assets.ts';
import { HttpError } from '../http/errors.ts';

const EDITOR_SHELL = '/__sw/editor/index.html';

function cacheControl(path: string): string {
  // The editor's hashed bundles never change under their name; its shell and the SDK do.
  if (path.startsWith('/__sw/editor/assets/')) return 'public, max-age=31536000, immutable';
  if (path.startsWith('/__sw/editor/')) return 'no-cache';
  return 'public, max-age=300';
}

/** The asset at `path`; an editor path without a file is a client-side route and gets the shell. */
export function staticAsset(path: string): { path: string; asset: StaticAsset } | null {
  const asset = Object.hasOwn(STATIC_ASSETS, path) ? STATIC_ASSETS[path] : undefined;
  if (asset) return { path, asset };
  if (path.startsWith('/__sw/editor/') && !path.startsWith('/__sw/editor/assets/')) return { path: EDITOR_SHELL, asset: STATIC_ASSETS[EDITOR_SHELL]! };
  return null;
}

export function serveStatic(request: Request, path: string): Response | null {
  const found = staticAsset(path);
  if (!found) return null;
  const { asset } = found;
  const headers: Record<string, string> = { 'content-type': asset.type, etag: asset.etag, 'cache-control': cacheControl(found.path), 'x-content-type-options': 'nosniff' };
  // The editor's pages (its shell) run under their own strict policy; see api/editor-csp.ts.
  if (found.path.startsWith('/__sw/editor/') && asset.type.startsWith('text/html')) headers['content-security-policy'] = EDITOR_CSP;
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'method: must be GET or HEAD', { headers: { allow: 'GET, HEAD' } });
  return new Response(request.method === 'HEAD' ? null : asset.body, { headers });
}
