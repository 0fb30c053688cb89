import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RequestContext } from '../context/request-context';
import { JobRegistry } from './job-registry';

/**
 * Writes jobs into the transactional outbox, in the caller's transaction, so a job exists
 * if and only if the change that caused it committed.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue<P>(ctx: RequestContext, type: string, payload: P): Promise<string> {
    const handler = this.registry.handler(type);
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into outbox_message (type, queue, store_id, payload, envelope, max_attempts)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [
        type,
        handler.queue ?? 'default',
        ctx.storeId,
        JSON.stringify(payload ?? null),
        JSON.stringify({ requestId: ctx.requestId, actorId: ctx.toEnvelope().actorId }),
        handler.attempts ?? this.config.jobs.attempts,
      ],
    );
    return rows[0].id;
  }
}
