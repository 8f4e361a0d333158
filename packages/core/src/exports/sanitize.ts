/**
 * @slotwise/core/sanitize — the one HTML policy every sanitizer applies (the server's, the
 * browser's), the URL checks, and where template tokens may stand in a variant's HTML.
 */
export { ALLOWED_TAGS, GLOBAL_ATTRIBUTES, ELEMENT_ATTRIBUTES, URL_SCHEMES, URL_ATTRIBUTES, DROPPED_WITH_CONTENT } from '../sanitize-policy.ts';
export { BROWSER_SANITIZER_OPTIONS, attributeAllowed, isUrlAttribute, allowedUrl, allowedSrcset, type BrowserSanitizerOptions } from '../browser-sanitizer.ts';
export { decodeEntities, srcsetAllowed, urlAllowed, urlPrefixSettled } from '../url-check.ts';
export { tokensOf, tokenPlaces, type TokenSpan } from '../template.ts';
export { htmlLayout } from '../html-layout.ts';
