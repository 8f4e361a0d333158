/**
 * The editor document's Content-Security-Policy. The editor shares its origin with the Admin API
 * and its session, so a script that ran in it could act as the signed-in marketer: only the
 * editor's own bundles run (no inline script, no eval), nothing may be embedded as a plugin, no
 * <base> may move relative URLs, only the editor itself may frame it, and Trusted Types guard
 * every HTML sink — the one allowed policy (`default`, editor/src/sanitize.ts) returns DOMPurify's
 * output; `dompurify` is DOMPurify's own, which only parses into an inert document.
 */
export const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Variant images may live on a CDN; they are images, never script.
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types default dompurify',
].join('; ');
