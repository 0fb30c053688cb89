import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import Redis from 'ioredis';

/** Readiness check for Redis, on a connection of its own that fails fast. */
@Injectable()
export class RedisPing implements OnApplicationShutdown {
  private client: Redis | null = null;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const client = this.connection();
      await Promise.race([
        client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }

  private connection(): Redis {
    if (!this.client && this.config.redisUrl) {
      this.client = new Redis(this.config.redisUrl, {
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      this.client.on('error', () => undefined);
    }
    if (!this.client) throw new Error('REDIS_URL is not set');
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
  }
}
