import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { checkReadiness, HealthReport } from './readiness';

/** The worker's readiness: PostgreSQL through its pool, Redis on a connection that fails fast. */
@Injectable()
export class WorkerHealth implements OnApplicationShutdown {
  private redis: Redis | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  ready(): Promise<HealthReport> {
    return checkReadiness({
      database: () => this.ds.query('select 1'),
      ...(this.config.redisUrl ? { redis: () => this.redisClient().ping() } : {}),
    });
  }

  private redisClient(): Redis {
    if (!this.redis) {
      this.redis = new Redis(this.config.redisUrl as string, {
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
