import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, TooManyRequests } from '@silkcart/shared';
import type { FastifyReply } from 'fastify';

const MINUTE_MS = 60_000;

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

  private async take(reply: FastifyReply, name: string, key: string, limit: number) {
    const hit = await this.storage.increment(`${name}:${key}`, MINUTE_MS, limit, MINUTE_MS, name);
    const reset = hit.isBlocked ? hit.timeToBlockExpire : hit.timeToExpire;
    reply.header('RateLimit-Limit', limit);
    reply.header('RateLimit-Remaining', Math.max(0, limit - hit.totalHits));
    reply.header('RateLimit-Reset', Math.max(1, reset));
    if (hit.isBlocked) {
      reply.header('Retry-After', Math.max(1, reset));
      throw new TooManyRequests(
        `Rate limit of ${limit} requests a minute reached; retry in ${reset} s`,
      );
    }
  }
}
