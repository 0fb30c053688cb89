import type { RequestContext } from '../context/request-context';

/** Queues that carry outbox jobs; `scheduled` carries repeatable jobs. */
export const JOB_QUEUES = ['default', 'email'] as const;
export type JobQueue = (typeof JOB_QUEUES)[number];
export const SCHEDULED_QUEUE = 'scheduled';
export const ALL_QUEUES = [...JOB_QUEUES, SCHEDULED_QUEUE] as const;

/**
 * A job type: what runs when an outbox message of `type` is delivered. `handle` runs in
 * the transaction that marks the message done, so its database effects happen once even
 * when delivery repeats; effects outside the database must tolerate a repeat.
 */
export interface JobHandler<P = unknown> {
  readonly type: string;
  readonly queue?: JobQueue;
  /** Attempts before the message is marked failed; defaults to JOB_ATTEMPTS. */
  readonly attempts?: number;
  handle(ctx: RequestContext, payload: P): Promise<void>;
}

/** A repeatable job, run by the worker (or in-process without Redis) every `everyMs`. */
export interface ScheduledJob {
  readonly name: string;
  readonly everyMs: number;
  run(ctx: RequestContext): Promise<void>;
}

/** One outbox row as the relay and the runner see it. */
export interface OutboxMessage {
  id: string;
  type: string;
  queue: JobQueue;
  storeId: string | null;
  payload: unknown;
  envelope: { requestId: string; actorId: string | null };
  attempts: number;
  maxAttempts: number;
}
