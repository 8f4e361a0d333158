/**
 * A page the signed-in editor frames: the origin's own content, with the edit-mode script in
 * place of the SDK. The marketer then sees and edits each slot's default, is never tracked,
 * and no slot is decided in the browser behind the editor's back.
 */
import { escapeHtml } from '@slotwise/core/decide';
import { SDK_TAG } from '@slotwise/core/protocol';
import { forThisVisitorOnly } from '../http/cache-headers.ts';
import { cspNonce } from './rewrite.ts';
import { withBypass } from './respond.ts';

export const EDIT_SCRIPT_PATH = '/__sw/sw-edit.js';

export function editModePage(origin: Response): Response {
  const nonce = cspNonce(origin.headers.get('content-security-policy'));
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const rewriter = new HTMLRewriter()
    .on(SDK_TAG, {
      element(el) {
        el.remove();
      },
    })
    .on('head', {
      element(el) {
        el.onEndTag((end) => {
          end.before(`<script defer src="${EDIT_SCRIPT_PATH}"${nonceAttr}></script>`, { html: true });
        });
      },
    });
  const page = withBypass(rewriter.transform(origin), 'editing');
  page.headers.delete('content-length');
  forThisVisitorOnly(page.headers, 'no-store');
  return page;
}
