import { Injectable } from '@nestjs/common';
import { isoTimestamp, type RequestContext, type Role } from '@silkcart/shared';
import { DataSource } from 'typeorm';

export interface ApiKeyRow {
  id: string;
  name: string;
  type: 'secret' | 'publishable';
  role: Role | null;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const ts = isoTimestamp;
const COLUMNS = `id, name, type, role, key_prefix as "keyPrefix", ${ts('created_at', 'createdAt')},
  ${ts('last_used_at', 'lastUsedAt')}`;

/** A store's API keys (only an HMAC of each key is kept). */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    ctx: RequestContext,
    key: {
      name: string;
      type: 'secret' | 'publishable';
      role: Role | null;
      hash: string;
      prefix: string;
    },
  ): Promise<ApiKeyRow> {
    const rows: ApiKeyRow[] = await ctx.manager.query(
      `insert into api_key (store_id, name, type, role, key_hash, key_prefix)
       values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
      [ctx.storeId, key.name, key.type, key.role, key.hash, key.prefix],
    );
    return rows[0];
  }

  list(ctx: RequestContext): Promise<ApiKeyRow[]> {
    return ctx.manager.query(
      `select ${COLUMNS} from api_key where store_id = $1 and revoked_at is null
        order by created_at desc, id`,
      [ctx.storeId],
    );
  }

  async revoke(ctx: RequestContext, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with revoked as (update api_key set revoked_at = now()
                         where id = $1 and store_id = $2 and revoked_at is null returning id)
       select * from revoked`,
      [id, ctx.storeId],
    );
    return rows.length > 0;
  }

  async nameOf(ctx: RequestContext, id: string): Promise<string | null> {
    const rows: Array<{ name: string }> = await ctx.manager.query(
      `select name from api_key where id = $1 and store_id = $2`,
      [id, ctx.storeId],
    );
    return rows[0]?.name ?? null;
  }

  /** A live key by its hash, whatever the store (outside any transaction). */
  async byHash(hash: string): Promise<{
    id: string;
    storeId: string;
    type: 'secret' | 'publishable';
    role: Role | null;
  } | null> {
    const rows: Array<{
      id: string;
      store_id: string;
      type: 'secret' | 'publishable';
      role: Role | null;
    }> = await this.ds.query(`select * from api_key_by_hash($1)`, [hash]);
    const r = rows[0];
    return r ? { id: r.id, storeId: r.store_id, type: r.type, role: r.role } : null;
  }

  async touch(id: string): Promise<void> {
    await this.ds.query(`select api_key_touch($1)`, [id]);
  }
}
