import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import {
  ALL_QUEUES,
  APP_CONFIG,
  AppConfig,
  isDatabaseUnavailable,
  JOB_QUEUES,
  JobRunner,
  OutboxMessage,
  OutboxRelay,
  SCHEDULED_QUEUE,
  Scheduler,
} from '@silkcart/shared';
import { DelayedError, Job, Worker } from 'bullmq';

/**
 * The worker's BullMQ consumers: one per outbox queue, each delivering a message through
 * the JobRunner, plus the consumer of the scheduled (repeatable) jobs. Workers are built
 * here rather than with @Processor so that lock duration and concurrency (per queue) come
 * from config.
 */
@Injectable()
export class JobConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobConsumers.name);
  private readonly workers: Worker[] = [];
  /** Jobs under way, with the lock token that lets them go back to their queue. */
  private readonly running = new Map<Job, string | undefined>();

  constructor(
    private readonly runner: JobRunner,
    private readonly relay: OutboxRelay,
    private readonly scheduler: Scheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl) throw new Error('The worker needs REDIS_URL');
    const redisUrl = this.config.redisUrl;
    const options = (queue: (typeof ALL_QUEUES)[number]) => ({
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix: this.config.jobs.queuePrefix,
      concurrency: this.config.jobs.queueConcurrency[queue],
      lockDuration: this.config.jobs.lockMs,
      stalledInterval: Math.max(1000, Math.floor(this.config.jobs.lockMs / 2)),
      maxStalledCount: 2,
    });
    for (const queue of JOB_QUEUES) {
      const worker = new Worker<OutboxMessage>(
        queue,
        (job, token) => this.track(job, token, () => this.deliver(job, token)),
        options(queue),
      );
      worker.on('failed', (job, err) => void this.onFailed(job, err));
      worker.on('error', (err) => this.logger.error({ err, queue }, 'worker error'));
      this.workers.push(worker);
    }
    const scheduled = new Worker(
      SCHEDULED_QUEUE,
      (job, token) => this.track(job, token, () => this.scheduler.run(job.name)),
      options(SCHEDULED_QUEUE),
    );
    scheduled.on('error', (err) => this.logger.error({ err }, 'scheduler worker error'));
    this.workers.push(scheduled);
    await this.scheduler.installInBullmq();
    this.relay.start();
    this.logger.log({ concurrency: this.config.jobs.queueConcurrency }, 'consuming');
  }

  private async track<T>(job: Job, token: string | undefined, work: () => Promise<T>): Promise<T> {
    this.running.set(job, token);
    try {
      return await work();
    } finally {
      this.running.delete(job);
    }
  }

  private async deliver(job: Job<OutboxMessage>, token: string | undefined): Promise<void> {
    let outcome;
    try {
      outcome = await this.runner.run(job.data);
    } catch (err) {
      // PostgreSQL is down or restarting: not the job's failure. It waits without spending an
      // attempt; else an outage longer than the backoff would spend them all, and the message
      // would stay `queued` for good (its failure cannot be recorded either).
      if (!token || !isDatabaseUnavailable(err)) throw err;
      await job.moveToDelayed(Date.now() + this.config.jobs.backoffMs, token);
      throw new DelayedError();
    }
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

  /** No new job is taken; running ones finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.running.size > 0) {
      this.logger.log({ running: this.running.size }, 'waiting for running jobs to finish');
    }
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /**
   * At the shutdown deadline: hands the jobs still running back to their queue, so another
   * worker starts them now rather than after their lock expires (and without counting a
   * stall). Their transactions die with the process; the outbox row keeps the effects once.
   */
  async returnRunningJobs(): Promise<number> {
    const running = [...this.running];
    await Promise.all(
      running.map(([job, token]) =>
        job
          .moveToWait(token)
          .catch((err: unknown) =>
            this.logger.error({ err, jobId: job.id }, 'could not return a running job'),
          ),
      ),
    );
    return running.length;
  }
}
