import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, OutboxRelay, Scheduler } from '@silkcart/shared';
import { StartupState } from './health/startup-state';

/**
 * Bootstrapping of the api process once its modules are up (migrations ran before, see
 * createApiApp): the outbox relay, and without Redis the scheduled jobs.
 */
@Injectable()
export class ApiLifecycle implements OnApplicationBootstrap {
  /** False for an api run inside a script (the seed): no relay, no schedules. */
  background = true;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly scheduler: Scheduler,
    private readonly startup: StartupState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.background) {
      this.relay.start();
      if (!this.config.redisUrl) this.scheduler.startTimers();
    }
    this.startup.done = true;
  }
}
