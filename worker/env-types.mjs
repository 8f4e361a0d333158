// The Worker's bindings as TypeScript, generated from wrangler.jsonc by `wrangler types` into
// worker-configuration.d.ts (src/env.ts adds the secrets, which wrangler.jsonc does not list).
//
//   node worker/env-types.mjs           regenerate it (after changing wrangler.jsonc)
//   node worker/env-types.mjs --check   fail when the checked-in file is out of date (npm run typecheck)
//
// `--env-file=/dev/null` keeps a contributor's own .dev.vars out of the generated types.
// (`wrangler types --check` reads .dev.vars regardless, so the check compares the files itself.)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, 'worker-configuration.d.ts');
const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
const generate = () =>
  execFileSync(
    process.execPath,
    [wrangler, 'types', 'worker-configuration.d.ts', '--config', 'wrangler.jsonc', '--include-runtime=false', '--strict-vars=false', '--env-file=/dev/null'],
    {
      cwd: here,
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );

if (process.argv.includes('--check')) {
  const checkedIn = readFileSync(file, 'utf8');
  generate();
  const current = readFileSync(file, 'utf8');
  writeFileSync(file, checkedIn);
  if (current !== checkedIn) {
    console.error('worker/worker-configuration.d.ts is out of date with wrangler.jsonc: run `node worker/env-types.mjs` and commit it.');
    process.exit(1);
  }
} else {
  generate();
}
