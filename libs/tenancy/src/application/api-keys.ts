import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, NotFound, RequestContext, Role } from '@silkcart/shared';
import { createHmac, randomInt } from 'node:crypto';
import { ApiKeyRepository, ApiKeyRow } from '../infrastructure/api-key.repository';
import { Usage } from './usage';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = { secret: 'silk_sk_', publishable: 'silk_pk_' } as const;
/** `lastUsedAt` is written at most once a minute per key and process, never per request. */
const TOUCH_EVERY_MS = 60_000;

export type ApiKeyType = keyof typeof PREFIX;

export interface ApiKeyView extends ApiKeyRow {
  key?: string;
}

/** A key as the guard knows it once found. */
export interface FoundApiKey {
  id: string;
  storeId: string;
  type: ApiKeyType;
  role: Role | null;
}

/**
 * API keys: made with 40 random base62 characters after their type's prefix, shown once, kept
 * as an HMAC-SHA256 (a fast keyed hash suits keys of this entropy) and found by that hash.
 */
@Injectable()
export class ApiKeys {
  private readonly logger = new Logger(ApiKeys.name);
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly usage: Usage,
  ) {}

  async create(
    ctx: RequestContext,
    input: { name: string; type: ApiKeyType; role?: Role },
  ): Promise<ApiKeyView> {
    await this.usage.consume(ctx, 'apiKeys');
    let secret = PREFIX[input.type];
    for (let i = 0; i < 40; i++) secret += BASE62[randomInt(62)];
    const row = await this.keys.insert(ctx, {
      name: input.name,
      type: input.type,
      role: input.type === 'secret' ? (input.role ?? 'Viewer') : null,
      hash: this.hash(secret),
      prefix: secret.slice(0, 12),
    });
    return { ...row, key: secret };
  }

  list(ctx: RequestContext): Promise<ApiKeyRow[]> {
    return this.keys.list(ctx);
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.keys.revoke(ctx, id))) throw new NotFound('No such API key');
    await this.usage.release(ctx, 'apiKeys');
  }

  /** The live key this text is, or null; stamps its last use now and then. */
  async find(text: string): Promise<FoundApiKey | null> {
    if (!text.startsWith(PREFIX.secret) && !text.startsWith(PREFIX.publishable)) return null;
    const found = await this.keys.byHash(this.hash(text));
    if (!found) return null;
    const now = Date.now();
    if (now - (this.touched.get(found.id) ?? 0) >= TOUCH_EVERY_MS) {
      this.touched.set(found.id, now);
      void this.keys
        .touch(found.id)
        .catch((err: unknown) => this.logger.warn({ err }, 'could not stamp an API key'));
    }
    return found;
  }

  private hash(key: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(key).digest('hex');
  }
}
