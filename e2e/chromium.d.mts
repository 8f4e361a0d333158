/** Types of chromium.mjs (plain JavaScript, so the bench can import it under Node without a build). */
export declare const CHROMIUM_ARGS: string[];
export declare function chromiumPath(): string;
