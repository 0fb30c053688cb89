import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { APP_CONFIG, AppConfig, MigrationRunner, Public, ReadReplica } from '@silkcart/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RedisPing } from './redis-ping';
import { StartupState } from './startup-state';

@ApiTags('operations')
@Public({ transaction: false })
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly migrations: MigrationRunner,
    private readonly redis: RedisPing,
    private readonly startup: StartupState,
    private readonly replica: ReadReplica,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process can serve' })
  @HealthCheck()
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, () => this.health.check([]));
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL, Redis (when configured) and migrations' })
  @ApiResponse({ status: 503, description: 'A dependency is down; the body names it' })
  @HealthCheck()
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, () =>
      this.health.check([
        // The DataSource named, not looked up by terminus through a dynamic import of
        // @nestjs/typeorm (which a bundle would load a second copy of).
        () => this.db.pingCheck('database', { timeout: 2000, connection: this.dataSource }),
        ...(this.config.redisUrl ? [() => this.redis.check('redis')] : []),
        ...(this.replica.configured ? [() => this.replicaState()] : []),
        () => this.migrationsApplied(),
      ]),
    );
  }

  @Get('startup')
  @ApiOperation({ summary: 'Startup: bootstrapping (migrations, queues) is done' })
  @ApiResponse({ status: 503, description: 'Still starting' })
  @HealthCheck()
  started(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, () =>
      this.health.check([
        () => {
          const indicator = this.indicators.check('startup');
          return this.startup.done ? indicator.up() : indicator.down({ message: 'starting' });
        },
      ]),
    );
  }

  /**
   * The read replica never makes the api unready: while it is down every read goes to the
   * primary, so it is reported `degraded` (and its replay lag when up), still with 200.
   */
  private async replicaState() {
    const indicator = this.indicators.check('databaseReplica');
    const status = await this.replica.status(2000);
    return status.up
      ? indicator.up({
          lagSeconds: status.lagSeconds,
          ...(status.message ? { message: status.message } : {}),
        })
      : indicator.up({
          state: 'degraded',
          message: `unreachable (${status.message}); reads go to the primary`,
        });
  }

  private async migrationsApplied() {
    const indicator = this.indicators.check('migrations');
    try {
      return (await this.migrations.hasPending())
        ? indicator.down({ message: 'pending migrations' })
        : indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Keeps terminus's own body for a 503 instead of the problem format. */
  private async answer(
    reply: FastifyReply,
    check: () => Promise<HealthCheckResult>,
  ): Promise<HealthCheckResult> {
    try {
      return await check();
    } catch (err) {
      if (err instanceof ServiceUnavailableException) {
        reply.status(503);
        return err.getResponse() as HealthCheckResult;
      }
      throw err;
    }
  }
}
