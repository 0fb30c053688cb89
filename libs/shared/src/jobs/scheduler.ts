import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RequestContext } from '../context/request-context';
import { TenantTx } from '../context/tenant-tx';
import { JobRegistry } from './job-registry';
import { SCHEDULED_QUEUE } from './job.types';

/**
 * Repeatable jobs. With Redis the worker owns them as BullMQ job schedulers (one run per
 * period across all worker replicas); without Redis the api runs them on timers, each run
 * under a transaction-level advisory lock so two replicas do not run the same one at once.
 */
@Injectable()
export class Scheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly tx: TenantTx,
    private readonly registry: JobRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Worker side: declare every schedule in Redis (idempotent across restarts). */
  async installInBullmq(): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(SCHEDULED_QUEUE), { strict: false });
    for (const job of this.registry.scheduled()) {
      await queue.upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name });
    }
  }

  /** In-process side: run every schedule on a timer. */
  startTimers(): void {
    for (const job of this.registry.scheduled()) {
      this.timers.push(setInterval(() => void this.run(job.name), job.everyMs).unref());
    }
  }

  async run(name: string): Promise<void> {
    const job = this.registry.scheduledJob(name);
    try {
      // Schedules are system maintenance: they work across every store.
      await this.tx.runAcrossStores(
        RequestContext.system(`schedule-${randomUUID()}`),
        async (c) => {
          const [{ locked }] = await c.manager.query(
            `select pg_try_advisory_xact_lock(hashtext('schedule:' || $1)) as locked`,
            [name],
          );
          if (locked) await job.run(c);
        },
      );
    } catch (err) {
      this.logger.error({ err, schedule: name }, 'scheduled job failed');
      if (this.config.redisUrl) throw err;
    }
  }

  beforeApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
