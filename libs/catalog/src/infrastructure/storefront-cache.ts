import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { CachedResponse } from '../application/cached-response';

const TTL_SECONDS = 600;
/** Bytes of answers each process keeps in memory (in front of Redis when there is one). */
const MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * Storefront answers, keyed by store, catalog version and request. Every process keeps the
 * answers it served in memory; with REDIS_URL they are also shared through Redis, so one
 * replica's miss is every replica's hit. A write bumps the version, so an entry is never
 * stale: older versions' entries are simply never asked for again and age out.
 */
@Injectable()
export class StorefrontCache implements OnApplicationShutdown {
  private readonly memory = new LRUCache<string, CachedResponse>({
    maxSize: MEMORY_BYTES,
    sizeCalculation: (entry, key) => entry.body.length + key.length,
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

  /** Whether a miss in this process's memory may still be a hit elsewhere (Redis). */
  get shared(): boolean {
    return this.redis !== null;
  }

  key(storeId: string, version: number, request: string): string {
    return `${this.config.jobs.queuePrefix}:sf:${storeId}:${version}:${request}`;
  }

  /** This process's memory only: answers without waiting. */
  peek(key: string): CachedResponse | undefined {
    return this.enabled ? this.memory.get(key) : undefined;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const local = this.peek(key);
    if (local || !this.redis) return local;
    const raw = await this.redis.get(key).catch(() => null);
    if (!raw) return undefined;
    const { body, etag } = JSON.parse(raw) as { body: string; etag: string };
    const entry = new CachedResponse(Buffer.from(body), etag);
    this.memory.set(key, entry);
    return entry;
  }

  async set(key: string, json: string): Promise<CachedResponse> {
    const entry = CachedResponse.of(json);
    if (!this.enabled) return entry;
    this.memory.set(key, entry);
    if (this.redis) {
      await this.redis
        .set(key, JSON.stringify({ body: json, etag: entry.etag }), 'EX', TTL_SECONDS)
        .catch(() => undefined);
    }
    return entry;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
