/**
 * The browser's sanitizer for variant HTML: DOMPurify, configured from core's allow-list (the
 * one the server's sanitize-html uses), so the editor and edit mode never render more than the
 * server would keep. Used by edit mode (sw-edit.js) and by the editor (`@slotwise/sdk/purify`).
 */
import { BROWSER_SANITIZER_OPTIONS, allowedSrcset, allowedUrl, attributeAllowed, isUrlAttribute } from '@slotwise/core/sanitize';
import DOMPurify from 'dompurify';

let hooked = false;

/**
 * DOMPurify's one instance in this window, with our hooks. One only: under Trusted Types a
 * second instance could not create its `dompurify` policy (policy names are unique).
 */
function purifier(): typeof DOMPurify {
  if (hooked) return DOMPurify;
  hooked = true;
  DOMPurify.addHook('uponSanitizeAttribute', (node, event) => {
    const tag = node.nodeName.toLowerCase();
    if (!attributeAllowed(tag, event.attrName)) {
      event.keepAttr = false;
    } else if (event.attrName === 'srcset') {
      const kept = allowedSrcset(event.attrValue);
      if (kept === null) event.keepAttr = false;
      else event.attrValue = kept;
    } else if (isUrlAttribute(event.attrName) && !allowedUrl(event.attrValue)) {
      event.keepAttr = false;
    }
  });
  // A link that opens a new tab cannot reach back into the page (as the server does it).
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.getAttribute('target') === '_blank') node.setAttribute('rel', 'noopener noreferrer');
  });
  return DOMPurify;
}

/** The HTML with everything outside the allow-list removed, as a string. */
export function sanitizeHtml(html: string): string {
  return purifier().sanitize(html, { ...BROWSER_SANITIZER_OPTIONS, RETURN_TRUSTED_TYPE: false });
}

/**
 * The HTML, sanitized, as nodes of an inert document: put them in a page with `append`, never
 * through an HTML string, so nothing parses the markup a second time.
 */
export function sanitizedFragment(html: string): DocumentFragment {
  return purifier().sanitize(html, { ...BROWSER_SANITIZER_OPTIONS, RETURN_DOM_FRAGMENT: true });
}
