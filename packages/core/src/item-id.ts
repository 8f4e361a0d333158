/**
 * The catalog item id rule, on its own so the SDK's reporting chunk can check ids without the
 * catalog schema. Ids ride in the `sw_i` cookie, so the rule keeps them short and cookie-safe.
 */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_:.-]{1,40}$/;
export const ITEM_ID_RULE = 'must be 1-40 letters, digits, "_", ":", "." or "-"';
export const isItemId = (value: unknown): value is string => typeof value === 'string' && ITEM_ID_PATTERN.test(value) && !/^(__proto__|constructor|prototype)$/.test(value);
