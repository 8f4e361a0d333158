import { tempDir } from './lib.mjs';
const { startStack } = await import('../stack.mjs');
const stack = await startStack({ port: 8830, originPort: 8831, persistTo: tempDir('stack'), debugToken: 'bench', quiet: true });
try {
  if (process.env.WHAT !== 'editor') await (await import('./sdk.mjs')).runSdkBrowser(stack.url, { loads: 1, profiledLoads: 2, events: 10 });
  await (await import('./editor-load.mjs')).runEditorLoad(stack.url, stack.adminPassword, { loads: 1 });
} finally {
  await stack.close();
}
process.exit(0);
