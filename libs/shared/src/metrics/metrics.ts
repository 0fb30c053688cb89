import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueStats } from '../jobs/queue-stats';

/** The process's Prometheus registry and SilkCart's own series. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly orders = new Counter({
    name: 'silkcart_orders_total',
    help: 'Orders placed, by store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly payments = new Counter({
    name: 'silkcart_payments_total',
    help: 'Payment outcomes, by store and status',
    labelNames: ['store', 'status'] as const,
    registers: [this.registry],
  });

  /** `type` is the job type; for a domain event, the subscriber's name. */
  readonly jobs = new Counter({
    name: 'silkcart_jobs_total',
    help: 'Job runs by type and outcome (done, duplicate, failed)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'silkcart_job_duration_seconds',
    help: 'Job run duration by type, whatever the outcome',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor(queueStats: QueueStats) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'silkcart_queue_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const c of await queueStats.counts())
          this.set({ queue: c.queue, state: c.state }, c.count);
      },
    });
  }
}
