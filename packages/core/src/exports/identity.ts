/**
 * @slotwise/core/identity — identified visitors: the signed user id the SDK keeps, its check,
 * the keyed hashes ID lists hold, and the HMAC key cache those and config signatures share.
 */
export { LIST_HASH, idHash, isUserId, listHash, signUserId, userCookieValue, userFromCookie, verifiedUserId, type ClaimedUser } from '../id-hash.ts';
export { hmacKey } from '../hmac.ts';
