/** Types of queue-load.mjs (plain JavaScript, so `npm run load` runs it under Node without a build). */
export type Check = [what: string, got: unknown, want: unknown];
export declare function runQueueLoad(options?: {
  events?: number;
  visitors?: number;
  clients?: number;
  port?: number;
  downMs?: number;
  crashEvery?: number;
  drainMs?: number;
  log?: (line: string) => void;
}): Promise<{ ok: boolean; checks: Check[]; figures: Record<string, unknown> }>;
