import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from './job-registry';

/** Keeps the outbox small: delivered messages are deleted after seven days. */
@Injectable()
export class OutboxMaintenance implements OnModuleInit {
  constructor(private readonly registry: JobRegistry) {}

  onModuleInit(): void {
    this.registry.schedule({
      name: 'outbox.prune',
      everyMs: 3600 * 1000,
      run: async (ctx) => {
        await ctx.manager.query(
          `delete from outbox_message where status = 'done' and completed_at < now() - interval '7 days'`,
        );
      },
    });
  }
}
