// The full load test of the measurement pipeline (queue-load.mjs): 200,000 valid events from
// 5,000 visitors, printing events/s through the queue beside the single-object path.
//   node e2e/load/run-queue-load.mjs [--events 200000] [--visitors 5000] [--port 8850]
import { runQueueLoad } from './queue-load.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const { ok } = await runQueueLoad({ events: arg('events', 200_000), visitors: arg('visitors', 5_000), port: arg('port', 8850) });
process.exit(ok ? 0 : 1);
