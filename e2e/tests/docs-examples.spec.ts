/**
 * The examples in docs/ run against the real Worker, so the docs cannot rot: every ```sh block
 * (an API call with curl) and ```js block is executed with the local stack's address, and every
 * ```json block must parse. ```ts blocks are type shapes, read beside the code; ```console
 * blocks are commands for a developer's terminal (npm scripts that CI runs itself), not run here.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
/** The address and key the docs are written for (`npm start`). */
const DOC_BASE = 'http://127.0.0.1:8787';

interface Example {
  file: string;
  line: number;
  lang: string;
  code: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const lines = readFileSync(join(DOCS, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(\w+)\s*$/.exec(lines[i]!);
      if (!open) continue;
      const start = i;
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
      found.push({ file, line: start + 1, lang: open[1]!, code: body.join('\n') });
    }
  }
  return found;
}

const all = examples();

test('the docs have runnable examples', () => {
  expect(all.filter((e) => e.lang === 'sh').length).toBeGreaterThanOrEqual(3);
  expect(all.filter((e) => e.lang === 'js').length).toBeGreaterThanOrEqual(1);
});

for (const example of all.filter((e) => ['sh', 'js', 'json'].includes(e.lang))) {
  test(`${example.file}:${example.line} (${example.lang}) works as written`, async ({ baseURL }) => {
    const code = example.code.replaceAll(DOC_BASE, baseURL!);
    if (example.lang === 'json') {
      expect(() => JSON.parse(code)).not.toThrow();
      return;
    }
    if (example.lang === 'sh') {
      expect(code, 'a ```sh example is an API call; use ```console for terminal commands').toMatch(/^curl /);
      const { stdout } = await promisify(execFile)('sh', ['-c', `set -e\n${code}`], { timeout: 20_000 });
      const answer = JSON.parse(stdout) as Record<string, unknown>;
      expect(answer.error, `the example answered an error: ${stdout}`).toBeUndefined();
      return;
    }
    const printed: unknown[] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('console', 'fetch', code)({ log: (...args: unknown[]) => printed.push(...args) }, fetch);
    expect(printed.length).toBeGreaterThan(0);
  });
}
