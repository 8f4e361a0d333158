import { describe, expect, it } from 'vitest';
import { call } from '../harness.ts';

describe("the editor's Content-Security-Policy", () => {
  it('guards the editor shell (every client-side route) with a strict policy and Trusted Types', async () => {
    for (const path of ['/__sw/editor/', '/__sw/editor/campaigns/42']) {
      const policy = (await call(path)).headers.get('content-security-policy') ?? '';
      for (const directive of [
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
        "require-trusted-types-for 'script'",
        'trusted-types default dompurify',
      ]) {
        expect(policy, path).toContain(directive);
      }
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });

  it('leaves the SDK and the site alone: the framed site keeps its own policy', async () => {
    expect((await call('/__sw/sw-edit.js')).headers.get('content-security-policy')).toBeNull();
    expect((await call('/__sw/sw.js')).headers.get('content-security-policy')).toBeNull();
  });
});
