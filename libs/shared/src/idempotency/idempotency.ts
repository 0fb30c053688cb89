import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RequestContext } from '../context/request-context';
import { TenantTx } from '../context/tenant-tx';
import { DomainError } from '../errors/domain-error';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A first request that has held its key this long without finishing is taken to have died. */
const ABANDONED_AFTER_SECONDS = 120;

export class IdempotencyKeyReused extends DomainError {
  readonly code = 'SHARED.IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';
  constructor() {
    super('This Idempotency-Key was used with another request body');
  }
}

export class IdempotentRequestInProgress extends DomainError {
  readonly code = 'SHARED.IDEMPOTENT_REQUEST_IN_PROGRESS';
  readonly kind = 'conflict';
  constructor() {
    super('A request with this Idempotency-Key is still running; retry later');
  }
}

export class InvalidIdempotencyKey extends DomainError {
  readonly code = 'SHARED.INVALID_IDEMPOTENCY_KEY';
  readonly kind = 'invalid';
  constructor() {
    super('Idempotency-Key must be 1-255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
    ]);
  }
}

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * Idempotency-Key for POSTs, per store: the first request's status and body are kept for
 * 24 h and replayed to a retry with the same body; another body → 422; a retry while the
 * first still runs → 409. The key is claimed in its own short transaction (so concurrent
 * duplicates see it at once), the work and the stored answer commit together, and a failed
 * first attempt frees the key for a retry.
 */
@Injectable()
export class Idempotency {
  constructor(private readonly tx: TenantTx) {}

  static hash(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
  }

  /**
   * Runs `work` once per key; without a key it simply runs it. `work` runs in a tenant
   * transaction and answers the status and body to send.
   */
  async run(
    ctx: RequestContext,
    key: string | undefined,
    requestHash: string,
    work: (ctx: RequestContext) => Promise<{ status: number; body: unknown }>,
  ): Promise<StoredResponse> {
    if (key === undefined) return { ...(await this.tx.run(ctx, work)), replayed: false };
    if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKey();
    const claimed = await this.claim(ctx, key, requestHash);
    if (claimed) return claimed;
    try {
      const response = await this.tx.run(ctx, async (c) => {
        const result = await work(c);
        await c.manager.query(
          `update idempotency_key set status = 'done', response_status = $3, response_body = $4
            where store_id = $1 and key = $2`,
          [ctx.storeId, key, result.status, JSON.stringify(result.body)],
        );
        return result;
      });
      return { ...response, replayed: false };
    } catch (err) {
      await this.release(ctx, key);
      throw err;
    }
  }

  /** Claims the key, or answers what a retry gets instead. */
  private async claim(
    ctx: RequestContext,
    key: string,
    requestHash: string,
  ): Promise<StoredResponse | null> {
    return this.tx.run(ctx, async (c) => {
      const inserted: unknown[] = await c.manager.query(
        `with claimed as (
           insert into idempotency_key (store_id, key, request_hash, status) values ($1, $2, $3, 'running')
           on conflict (store_id, key) do update
             set request_hash = excluded.request_hash, status = 'running', locked_at = now(),
                 response_status = null, response_body = null, expires_at = now() + interval '24 hours'
             where idempotency_key.expires_at < now()
                or (idempotency_key.status = 'running' and idempotency_key.request_hash = excluded.request_hash
                    and idempotency_key.locked_at < now() - make_interval(secs => $4))
           returning 1)
         select * from claimed`,
        [ctx.storeId, key, requestHash, ABANDONED_AFTER_SECONDS],
      );
      if (inserted.length > 0) return null;
      const [row]: Array<{
        request_hash: string;
        status: string;
        response_status: number;
        response_body: unknown;
      }> = await c.manager.query(`select * from idempotency_key where store_id = $1 and key = $2`, [
        ctx.storeId,
        key,
      ]);
      if (row.request_hash !== requestHash) throw new IdempotencyKeyReused();
      if (row.status !== 'done') throw new IdempotentRequestInProgress();
      return { status: row.response_status, body: row.response_body, replayed: true };
    });
  }

  private async release(ctx: RequestContext, key: string): Promise<void> {
    await this.tx.run(ctx, (c) =>
      c.manager.query(
        `delete from idempotency_key where store_id = $1 and key = $2 and status = 'running'`,
        [ctx.storeId, key],
      ),
    );
  }
}
