/**
 * Core's public surface is package.json's `exports`: a curated root (the model) and subpaths by
 * concern, each an entry module in exports/. Each name has one home, and the engine's internals
 * stay unexported. (Imported statically: this suite runs in workerd too, which has no file system.)
 */
import { describe, expect, it } from 'vitest';
import pkg from '../package.json';
import * as decide from './exports/decide.ts';
import * as identity from './exports/identity.ts';
import * as profile from './exports/profile.ts';
import * as protocol from './exports/protocol.ts';
import * as recommend from './exports/recommend.ts';
import * as sanitize from './exports/sanitize.ts';
import * as stats from './exports/stats.ts';
import * as root from './index.ts';

const subpaths: Record<string, object> = { decide, identity, profile, protocol, recommend, sanitize, stats };
const entries: [string, object][] = [['.', root], ...Object.entries(subpaths).map(([name, module]): [string, object] => [`./${name}`, module])];

function homes(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [subpath, module] of entries) for (const name of Object.keys(module)) found.set(name, [...(found.get(name) ?? []), subpath]);
  return found;
}

describe("core's exports", () => {
  it('map the root and each subpath to its entry module, and keep ./re2', () => {
    const expected: Record<string, string> = { '.': './src/index.ts', './re2': './src/re2.ts' };
    for (const name of Object.keys(subpaths)) expected[`./${name}`] = `./src/exports/${name}.ts`;
    expect(pkg.exports).toEqual(expected);
  });

  it('give every name one home', () => {
    expect([...homes()].filter(([, at]) => at.length > 1)).toEqual([]);
  });

  it("keep the engine's internals unexported", () => {
    const found = homes();
    for (const internal of ['normalCdf', 'gammaP', 'chooseVariation', 'getBucketRanges', 'compileCondition', 'segmentsOf', 'pageContext', 'localTime', 'encodeBase64url']) {
      expect(found.has(internal), internal).toBe(false);
    }
    expect(found.get('decideSlots')).toEqual(['./decide']);
    expect(found.get('parseSiteConfig')).toEqual(['.']);
  });
});
