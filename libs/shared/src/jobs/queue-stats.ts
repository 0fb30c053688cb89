import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ALL_QUEUES, JOB_QUEUES } from './job.types';

export interface QueueCount {
  queue: string;
  state: string;
  count: number;
}

/** Job counts by queue and state, from BullMQ with Redis or from the outbox without it. */
@Injectable()
export class QueueStats {
  constructor(
    private readonly ds: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async counts(): Promise<QueueCount[]> {
    if (this.config.redisUrl) {
      const result: QueueCount[] = [];
      for (const name of ALL_QUEUES) {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const counts = await queue.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'completed',
          'failed',
        );
        for (const [state, count] of Object.entries(counts))
          result.push({ queue: name, state, count });
      }
      return result;
    }
    const rows: Array<{ queue: string; status: string; count: string }> = await this.ds.query(
      `select queue, status, count(*) as count from outbox_message group by queue, status`,
    );
    const result: QueueCount[] = [];
    for (const queue of JOB_QUEUES) {
      for (const state of ['pending', 'running', 'done', 'failed']) {
        const row = rows.find((r) => r.queue === queue && r.status === state);
        result.push({ queue, state, count: row ? Number(row.count) : 0 });
      }
    }
    return result;
  }
}
