// `npm start`: the demo store behind the Slotwise Worker, on http://127.0.0.1:8787/.
import { startStack } from './stack.mjs';

const stack = await startStack({ watch: true });
console.log(`
  Slotwise is running.
    Store, through the Worker:   ${stack.url}/
    Newsletter visitor:          ${stack.url}/?utm_source=newsletter
    Visitor from Germany:        ${stack.url}/?sw_country=DE   (dev override; ?sw_country= resets)
    Decision trace:              ${stack.url}/?sw_debug=${stack.debugToken}
    Editor:                      ${stack.url}/__sw/editor/   (your name + password ${stack.adminPassword}: the first name becomes the admin)
    Decide API:                  ${stack.url}/__sw/decide     (server key: ${stack.decideKey}; docs/decide-api.md)
    Origin without Slotwise:     ${stack.originUrl}/
  Press Ctrl+C to stop.
`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stack.close();
    process.exit(0);
  });
}
