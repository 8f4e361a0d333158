// The stack the Playwright suite runs against: fresh local state every run, its own ports so a
// developer's `npm start` can keep running beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './stack.mjs';

const persistTo = mkdtempSync(join(tmpdir(), 'slotwise-e2e-'));
const stack = await startStack({
  port: Number(process.env.SW_E2E_PORT ?? 8797),
  originPort: Number(process.env.SW_E2E_ORIGIN_PORT ?? 8798),
  persistTo,
  debugToken: 'e2e-debug',
  quiet: !process.env.SW_E2E_VERBOSE,
});
console.log(`e2e stack ready at ${stack.url}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stack.close();
    rmSync(persistTo, { recursive: true, force: true });
    process.exit(0);
  });
}
