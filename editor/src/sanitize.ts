/**
 * The editor's one way from variant HTML to DOM: the shared browser sanitizer (DOMPurify with the
 * server's allow-list, `@slotwise/sdk/purify`), and the Trusted Types policy that makes every
 * other path fail safe. The editor's CSP (worker/src/api/editor-csp.ts) requires Trusted Types for
 * script sinks and allows only this `default` policy (plus DOMPurify's own, which only parses into
 * an inert document): an HTML string reaching `innerHTML` anywhere, in our code or a library's
 * (ProseMirror's clipboard), comes out as DOMPurify's output; a script URL or script text is
 * refused outright.
 */
import { sanitizeHtml, sanitizedFragment } from '@slotwise/sdk/purify';

export { sanitizeHtml, sanitizedFragment };

/** The policy's name, as the CSP's `trusted-types` directive lists it. */
export const TRUSTED_TYPES_POLICY = 'default';

interface TrustedTypesLike {
  defaultPolicy: unknown;
  createPolicy(name: string, rules: { createHTML(input: string): string }): unknown;
}

/** Installs the sanitizing default policy, where the browser has Trusted Types (Chromium). */
export function installTrustedTypes(): void {
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt || tt.defaultPolicy) return;
  tt.createPolicy(TRUSTED_TYPES_POLICY, { createHTML: (input) => sanitizeHtml(input) });
}
