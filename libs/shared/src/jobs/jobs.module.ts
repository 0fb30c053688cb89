import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { EventBus } from '../events/event-bus';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { ALL_QUEUES } from './job.types';
import { Outbox } from './outbox';
import { OutboxMaintenance } from './outbox-maintenance';
import { OutboxRelay } from './outbox-relay';
import { QueueStats } from './queue-stats';
import { Scheduler } from './scheduler';

/** The outbox, the event bus, its relay, the job registry and, with Redis, the BullMQ queues. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const bull = config.redisUrl
      ? [
          BullModule.forRoot({
            connection: { url: config.redisUrl, maxRetriesPerRequest: null },
            prefix: config.jobs.queuePrefix,
          }),
          ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name })),
        ]
      : [];
    const providers = [
      JobRegistry,
      Outbox,
      EventBus,
      JobRunner,
      OutboxRelay,
      Scheduler,
      QueueStats,
    ];
    return {
      module: JobsModule,
      imports: [DiscoveryModule, ...bull],
      providers: [...providers, OutboxMaintenance],
      exports: [...providers, ...(config.redisUrl ? [BullModule] : [])],
    };
  }
}
