// The few web-platform globals core relies on. Node 20, workerd and every browser have them;
// core's tsconfig leaves out DOM and Node types so nothing else slips in.
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class URLSearchParams {
  [Symbol.iterator](): IterableIterator<[string, string]>;
  get(name: string): string | null;
}
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}
// WebCrypto's HMAC, for identity signatures and ID-list hashes (id-hash.ts).
interface CryptoKey {
  readonly type: string;
}
declare const crypto: {
  subtle: {
    importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: boolean, usages: ('sign' | 'verify')[]): Promise<CryptoKey>;
    sign(algorithm: 'HMAC', key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
    verify(algorithm: 'HMAC', key: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  };
};
