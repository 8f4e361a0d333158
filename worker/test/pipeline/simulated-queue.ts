/**
 * A queue broker on simulated time, for the pipeline's tests: messages go to the Worker's real
 * queue handler in MessageBatches, and the handler's acks and retries are applied as Cloudflare
 * Queues applies them — a retry waits its delaySeconds, a batch whose handler throws is retried
 * whole, and a message that failed max_retries + 1 times moves to the dead-letter queue — but the
 * clock is ours: 30 s of outage take no wall time. (cloudflare:test's getQueueResult does not
 * report a retry's delay, so the batch and its messages are made here.)
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import type { EventStore } from '../../src/objects/event-store.ts';
import type { Env } from '../../src/env.ts';
import worker from '../../src/index.ts';
import { env } from '../harness.ts';

type Held = { id: string; body: unknown; attempts: number; due: number; sent: Date };
type Verdict = { kind: 'ack' } | { kind: 'retry'; delaySeconds: number };

export class SimulatedQueue {
  /** Simulated seconds since the test began. */
  now = 0;
  readonly dead: Held[] = [];
  deliveries = 0;
  private held: Held[] = [];
  private next = 0;

  /** max_retries and max_batch_size as wrangler.jsonc sets them for the event queue. */
  constructor(
    readonly name: string,
    readonly maxRetries = 10,
    readonly batchSize = 100,
  ) {}

  send(body: unknown): void {
    this.held.push({ id: `m${this.next++}`, body: structuredClone(body), attempts: 1, due: this.now, sent: new Date() });
  }

  get waiting(): number {
    return this.held.length;
  }

  /** A Queue binding whose sends land here (stands in for EVENT_QUEUE in the Env). */
  binding(): Queue {
    const send = async (body: unknown) => this.send(body);
    const sendBatch = async (messages: Iterable<MessageSendRequest>) => {
      for (const m of messages) this.send(m.body);
    };
    return { send, sendBatch } as unknown as Queue;
  }

  /** Delivers every message due now, in batches, to the Worker's queue handler with `envFor()`'s Env. */
  async deliverDue(envFor: () => Env): Promise<void> {
    for (;;) {
      const due = this.held.filter((m) => m.due <= this.now).slice(0, this.batchSize);
      if (due.length === 0) return;
      this.held = this.held.filter((m) => !due.includes(m));
      const verdicts = new Map<string, Verdict>();
      const messages = due.map((m) => ({
        id: m.id,
        timestamp: m.sent,
        body: m.body,
        attempts: m.attempts,
        ack: () => verdicts.set(m.id, { kind: 'ack' }),
        retry: (o?: QueueRetryOptions) => verdicts.set(m.id, { kind: 'retry', delaySeconds: o?.delaySeconds ?? 0 }),
      }));
      const batch = {
        queue: this.name,
        messages,
        ackAll: () => {
          for (const m of due) verdicts.set(m.id, { kind: 'ack' });
        },
        retryAll: (o?: QueueRetryOptions) => {
          for (const m of due) verdicts.set(m.id, { kind: 'retry', delaySeconds: o?.delaySeconds ?? 0 });
        },
      } as unknown as MessageBatch<unknown>;
      const ctx = createExecutionContext();
      this.deliveries++;
      let threw = false;
      try {
        await worker.queue(batch, envFor(), ctx);
        await waitOnExecutionContext(ctx);
      } catch {
        threw = true;
      }
      for (const m of due) {
        // A handler that throws gets the whole batch again, whatever it acked; one that returns
        // has its unsettled messages acked (the platform's implicit ack).
        const verdict: Verdict = threw ? { kind: 'retry', delaySeconds: 0 } : (verdicts.get(m.id) ?? { kind: 'ack' });
        if (verdict.kind === 'ack') continue;
        m.attempts += 1;
        if (m.attempts > this.maxRetries + 1) this.dead.push(m);
        else this.held.push({ ...m, due: this.now + verdict.delaySeconds });
      }
    }
  }

  /** Runs the clock to `until` simulated seconds, a second at a time, delivering what is due. */
  async runUntil(until: number, envFor: () => Env): Promise<void> {
    while (this.now < until) {
      await this.deliverDue(envFor);
      this.now += 1;
    }
    await this.deliverDue(envFor);
  }
}

/**
 * The EVENTS namespace with some shards down: `appendMany` on a shard whose object name
 * `isDown` picks throws, as an overloaded or restarting object does; everything else is real.
 */
export function shardsWithFaults(isDown: (name: string) => boolean): DurableObjectNamespace<EventStore> {
  const real = env.EVENTS;
  const names = new Map<string, string>();
  const namespace = {
    idFromName(name: string) {
      const id = real.idFromName(name);
      names.set(id.toString(), name);
      return id;
    },
    get(id: DurableObjectId) {
      const stub = real.get(id);
      const name = names.get(id.toString()) ?? '';
      return new Proxy(stub, {
        get(target, prop) {
          if (prop === 'appendMany' && isDown(name)) return async () => Promise.reject(new Error(`shard ${name} is down`));
          const value: unknown = Reflect.get(target, prop, target);
          // Not value.bind: on an RPC stub, `bind` would be a remote method too.
          return typeof value === 'function' ? (...args: unknown[]) => Reflect.apply(value, target, args) : value;
        },
      });
    },
  };
  return namespace as unknown as DurableObjectNamespace<EventStore>;
}
