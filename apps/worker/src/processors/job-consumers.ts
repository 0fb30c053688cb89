import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  JOB_QUEUES,
  JobRunner,
  OutboxMessage,
  OutboxRelay,
  SCHEDULED_QUEUE,
  Scheduler,
} from '@silkcart/shared';
import { Job, Worker } from 'bullmq';

/**
 * The worker's BullMQ consumers: one per outbox queue, each delivering a message through
 * the JobRunner, plus the consumer of the scheduled (repeatable) jobs. Workers are built
 * here rather than with @Processor so that lock duration and concurrency come from config.
 */
@Injectable()
export class JobConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobConsumers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly runner: JobRunner,
    private readonly relay: OutboxRelay,
    private readonly scheduler: Scheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl) throw new Error('The worker needs REDIS_URL');
    const options = {
      connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
      prefix: this.config.jobs.queuePrefix,
      concurrency: this.config.jobs.concurrency,
      lockDuration: this.config.jobs.lockMs,
      stalledInterval: Math.max(1000, Math.floor(this.config.jobs.lockMs / 2)),
      maxStalledCount: 2,
    };
    for (const queue of JOB_QUEUES) {
      const worker = new Worker<OutboxMessage>(queue, (job) => this.deliver(job), options);
      worker.on('failed', (job, err) => void this.onFailed(job, err));
      worker.on('error', (err) => this.logger.error({ err, queue }, 'worker error'));
      this.workers.push(worker);
    }
    const scheduled = new Worker(SCHEDULED_QUEUE, (job) => this.scheduler.run(job.name), options);
    scheduled.on('error', (err) => this.logger.error({ err }, 'scheduler worker error'));
    this.workers.push(scheduled);
    await this.scheduler.installInBullmq();
    this.relay.start();
  }

  private async deliver(job: Job<OutboxMessage>): Promise<void> {
    const outcome = await this.runner.run(job.data);
    this.logger.log(
      { jobId: job.id, type: job.name, outcome, attempt: job.attemptsMade + 1 },
      'job delivered',
    );
  }

  private async onFailed(job: Job<OutboxMessage> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    await this.runner
      .recordFailure(job.data.id, job.attemptsMade, err, final)
      .catch((e: unknown) => this.logger.error({ err: e }, 'could not record job failure'));
  }

  /** Running jobs finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
