import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RequestContext } from '../context/request-context';
import { Metrics } from '../metrics/metrics';
import { TenantTx } from '../context/tenant-tx';
import { backoffDelay } from './backoff';
import { JobRegistry } from './job-registry';
import { OutboxMessage } from './job.types';

export type RunOutcome = 'done' | 'duplicate';

/**
 * Runs one delivery of an outbox message. The message row is the idempotency ledger:
 * the handler runs in the transaction that flips it to `done`, so a repeated delivery
 * (a retry after a crash, a second relay) finds it done and does nothing. The row lock
 * taken by that update also serialises two deliveries that race.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  constructor(
    private readonly tx: TenantTx,
    private readonly registry: JobRegistry,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One delivery, counted and timed by type (a subscriber's name for an event). */
  async run(message: OutboxMessage): Promise<RunOutcome> {
    const stopTimer = this.metrics.jobDuration.startTimer({ type: message.type });
    try {
      const outcome = await this.deliver(message);
      this.metrics.jobs.inc({ type: message.type, outcome });
      return outcome;
    } catch (err) {
      this.metrics.jobs.inc({ type: message.type, outcome: 'failed' });
      throw err;
    } finally {
      stopTimer();
    }
  }

  private async deliver(message: OutboxMessage): Promise<RunOutcome> {
    const handler = this.registry.handler(message.type);
    const ctx = RequestContext.forJob({
      storeId: message.storeId,
      actorId: message.envelope.actorId,
      requestId: message.envelope.requestId,
    });
    // The job's own tenant transaction: scoped to its store, after-commit hooks included.
    return this.tx.run(ctx, async (c) => {
      const claimed: unknown[] = await c.manager.query(
        `with c as (update outbox_message set status = 'done', completed_at = now(),
                      locked_until = null, last_error = null
                    where id = $1 and status <> 'done' returning id)
         select id from c`,
        [message.id],
      );
      if (claimed.length === 0) return 'duplicate';
      await handler.handle(c, message.payload);
      return 'done' as const;
    });
  }

  /**
   * Records a failed attempt: back to `pending` after an exponential delay, or `failed`
   * once the attempts are spent. `attempts` is the count including this one.
   */
  async recordFailure(
    id: string,
    attempts: number,
    error: unknown,
    final?: boolean,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const delay = backoffDelay(attempts, this.config.jobs.backoffMs);
    await this.tx.run(RequestContext.system(`job-${id}`), (c) =>
      c.manager.query(
        `update outbox_message
          set attempts = $2,
              status = case when $5::boolean or $2 >= max_attempts then 'failed'
                            when status = 'running' then 'pending' else status end,
              run_at = now() + ($3 || ' milliseconds')::interval,
              locked_until = null,
              last_error = $4
        where id = $1 and status <> 'done'`,
        [id, attempts, String(delay), message.slice(0, 2000), final ?? false],
      ),
    );
    this.logger.warn({ jobId: id, attempts, err: message }, 'job attempt failed');
  }
}
