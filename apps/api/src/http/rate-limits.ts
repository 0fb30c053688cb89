import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, takeRateBudget } from '@silkcart/shared';
import type { FastifyReply } from 'fastify';

/**
 * The contract's request budgets, counted by @nestjs/throttler's storage (in Redis with
 * `REDIS_URL`, one budget across replicas; in memory otherwise): storefront writes per client
 * IP and store, and every request of a secret API key. Each answer of a limited route carries
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), a 429 `Retry-After`.
 */
@Injectable()
export class RateLimits {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  storefrontWrite(reply: FastifyReply, ip: string, store: string): Promise<void> {
    return this.take(reply, 'storefront', `${store}:${ip}`, this.config.storefrontRateLimit);
  }

  apiKey(reply: FastifyReply, keyId: string): Promise<void> {
    return this.take(reply, 'api-key', keyId, this.config.apiKeyRateLimit);
  }

  private take(reply: FastifyReply, name: string, key: string, limit: number) {
    return takeRateBudget(this.storage, reply, name, key, limit);
  }
}
