import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

// One atomic step per hit: count it, start the window on the first hit, read what is left.
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

/**
 * @nestjs/throttler storage in Redis (fixed windows), so every api replica shares the
 * counts. The maintained Redis adapters do not support Nest 12 yet; this is the one script.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  }

  async increment(key: string, ttl: number, limit: number, _block: number, throttlerName: string) {
    let hits: number;
    let pttl: number;
    try {
      [hits, pttl] = (await this.redis.eval(
        HIT,
        1,
        `${this.prefix}:throttle:${throttlerName}:${key}`,
        String(ttl),
      )) as [number, number];
    } catch (err) {
      // Redis down: the request goes through uncounted rather than failing (a 500) for a limit.
      this.logger.warn(`rate limit not counted, Redis failed: ${(err as Error).message}`);
      return {
        totalHits: 0,
        timeToExpire: Math.ceil(ttl / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    const seconds = Math.max(1, Math.ceil(pttl / 1000));
    const isBlocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire: seconds,
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds : 0,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
