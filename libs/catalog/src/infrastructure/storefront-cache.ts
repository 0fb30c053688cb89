import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';

export interface CachedResponse {
  body: string;
  etag: string;
}

const TTL_SECONDS = 600;

/**
 * Serialized storefront answers, keyed by store, catalog version and request: Redis when
 * REDIS_URL is set (shared by every replica), an in-memory LRU otherwise. A write bumps
 * the version, so older entries are simply never asked for again and age out.
 */
@Injectable()
export class StorefrontCache implements OnApplicationShutdown {
  private readonly memory = new LRUCache<string, CachedResponse>({
    max: 5000,
    ttl: TTL_SECONDS * 1000,
  });
  private readonly redis: Redis | null;
  readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.enabled = config.storefrontCache;
    this.redis =
      this.enabled && config.redisUrl
        ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
        : null;
  }

  key(storeId: string, version: number, request: string): string {
    return `${this.config.jobs.queuePrefix}:sf:${storeId}:${version}:${request}`;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    if (!this.enabled) return undefined;
    if (!this.redis) return this.memory.get(key);
    const raw = await this.redis.get(key).catch(() => null);
    return raw ? (JSON.parse(raw) as CachedResponse) : undefined;
  }

  async set(key: string, body: string): Promise<CachedResponse> {
    const entry = {
      body,
      etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
    };
    if (!this.enabled) return entry;
    if (this.redis)
      await this.redis.set(key, JSON.stringify(entry), 'EX', TTL_SECONDS).catch(() => undefined);
    else this.memory.set(key, entry);
    return entry;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
