/**
 * The script tag that loads the SDK, as the Worker and the SDK both know it: the Worker adds it
 * to pages that lack it and writes its `data-sw-*` options onto it; the npm build reads them.
 */
export const SDK_PATH = '/__sw/sw.js';
/** The site's SDK tag, as a selector (HTMLRewriter and querySelector alike). */
export const SDK_TAG = `script[src*="${SDK_PATH}"]`;
