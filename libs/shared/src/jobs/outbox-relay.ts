import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { JobRunner } from './job-runner';
import { JobQueue, OutboxMessage } from './job.types';

const BATCH = 50;

interface OutboxRow {
  id: string;
  type: string;
  queue: JobQueue;
  store_id: string | null;
  payload: unknown;
  envelope: OutboxMessage['envelope'];
  attempts: number;
  max_attempts: number;
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    type: row.type,
    queue: row.queue,
    storeId: row.store_id,
    payload: row.payload,
    envelope: row.envelope,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

/**
 * Moves due outbox messages on. With Redis it publishes them to BullMQ (the job id is the
 * message id, so a second publish of the same message is ignored by BullMQ); without it
 * the process runs them itself under a lease, so a crashed run is picked up again.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly runner: JobRunner,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get mode(): 'bullmq' | 'inprocess' {
    return this.config.redisUrl ? 'bullmq' : 'inprocess';
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.timer = setTimeout(async () => {
        await this.drain();
        if (!this.stopped) tick();
      }, this.config.jobs.pollMs);
    };
    tick();
  }

  /** Runs one pass now; concurrent calls share the pass that is under way. */
  drain(): Promise<void> {
    if (!this.running) {
      this.running = this.pass()
        .catch((err: unknown) => this.logger.error({ err }, 'outbox relay pass failed'))
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass(): Promise<void> {
    if (this.mode === 'bullmq') {
      while (!this.stopped && (await this.publishBatch()) === BATCH);
    } else {
      while (!this.stopped && (await this.runBatch()) > 0);
    }
  }

  private async publishBatch(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `select * from outbox_message where status = 'pending' and run_at <= now()
          order by created_at limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<JobQueue, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, batch] of byQueue) {
        await this.queue(queueName).addBulk(
          batch.map((row) => ({
            name: row.type,
            data: toMessage(row),
            opts: {
              jobId: row.id,
              attempts: row.max_attempts,
              backoff: { type: 'exponential', delay: this.config.jobs.backoffMs },
              removeOnComplete: { age: 24 * 3600, count: 10_000 },
              removeOnFail: { age: 7 * 24 * 3600 },
            },
          })),
        );
      }
      await m.query(`update outbox_message set status = 'queued' where id = any($1)`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async runBatch(): Promise<number> {
    const rows: OutboxRow[] = await this.ds.query(
      `with due as (
         select id from outbox_message
          where (status = 'pending' and run_at <= now())
             or (status = 'running' and locked_until < now())
          order by created_at limit $1 for update skip locked)
       , claimed as (
         update outbox_message o
            set status = 'running', attempts = o.attempts + 1,
                locked_until = now() + ($2 || ' milliseconds')::interval
           from due where o.id = due.id
         returning o.*)
       select * from claimed order by created_at`,
      [BATCH, String(this.config.jobs.lockMs)],
    );
    for (const row of rows) {
      if (this.stopped) break;
      try {
        await this.runner.run(toMessage(row));
      } catch (err) {
        await this.runner.recordFailure(row.id, row.attempts, err);
      }
    }
    return rows.length;
  }

  private queue(name: JobQueue): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** Before the database closes: no pass may start, the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
