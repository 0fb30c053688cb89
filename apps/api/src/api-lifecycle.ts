import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, MigrationRunner, OutboxRelay, Scheduler } from '@silkcart/shared';
import { StartupState } from './health/startup-state';

/**
 * Bootstrapping of the api process: migrations (unless a Kubernetes Job runs them), then
 * the outbox relay; without Redis the api also runs the scheduled jobs itself.
 */
@Injectable()
export class ApiLifecycle implements OnApplicationBootstrap {
  constructor(
    private readonly migrations: MigrationRunner,
    private readonly relay: OutboxRelay,
    private readonly scheduler: Scheduler,
    private readonly startup: StartupState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.migrationsRun) await this.migrations.runPending();
    this.relay.start();
    if (!this.config.redisUrl) this.scheduler.startTimers();
    this.startup.done = true;
  }
}
