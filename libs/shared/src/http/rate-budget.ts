import type { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { TooManyRequests } from '../errors/domain-error';

const MINUTE_MS = 60_000;

/**
 * Counts one request against a budget of `limit` a minute for `name` and `key`, in
 * @nestjs/throttler's storage (in Redis with `REDIS_URL`, one budget across replicas; in memory
 * otherwise). The answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (seconds); past the budget it is a 429 with `Retry-After`.
 */
export async function takeRateBudget(
  storage: ThrottlerStorage,
  reply: FastifyReply,
  name: string,
  key: string,
  limit: number,
): Promise<void> {
  const hit = await storage.increment(`${name}:${key}`, MINUTE_MS, limit, MINUTE_MS, name);
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
