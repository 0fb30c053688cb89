import { Injectable } from '@nestjs/common';
import { type RequestContext, TAKEN, unlessTaken } from '@silkcart/shared';
import type { EntityManager } from 'typeorm';
import { RefreshToken } from '../domain/refresh-token';

export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: string;
}

const COLUMNS = `id, email, name, password_hash as "passwordHash",
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

/**
 * Customers of the context's store and their tokens (row-level security scopes every table;
 * tokens are stored as SHA-256 hashes).
 */
@Injectable()
export class CustomerRepository {
  /** Null when the store already has a customer with this email (any case). */
  async insert(
    ctx: RequestContext,
    customer: { email: string; name: string; passwordHash: string },
  ): Promise<CustomerRow | null> {
    const inserted = await unlessTaken(ctx, async () => {
      const rows: CustomerRow[] = await ctx.manager.query(
        `insert into customer (store_id, email, name, password_hash) values ($1, $2, $3, $4)
         returning ${COLUMNS}`,
        [ctx.storeId, customer.email, customer.name, customer.passwordHash],
      );
      return rows[0];
    });
    return inserted === TAKEN ? null : inserted;
  }

  async byEmail(ctx: RequestContext, email: string): Promise<CustomerRow | null> {
    const rows: CustomerRow[] = await ctx.manager.query(
      `select ${COLUMNS} from customer where store_id = $1 and lower(email) = lower($2)`,
      [ctx.storeId, email],
    );
    return rows[0] ?? null;
  }

  async byId(ctx: RequestContext, id: string): Promise<CustomerRow | null> {
    const rows: CustomerRow[] = await ctx.manager.query(
      `select ${COLUMNS} from customer where store_id = $1 and id = $2`,
      [ctx.storeId, id],
    );
    return rows[0] ?? null;
  }

  async update(
    ctx: RequestContext,
    id: string,
    change: { name?: string; passwordHash?: string },
  ): Promise<void> {
    await ctx.manager.query(
      `update customer set name = coalesce($2, name), password_hash = coalesce($3, password_hash),
              updated_at = now() where id = $1`,
      [id, change.name ?? null, change.passwordHash ?? null],
    );
  }

  /** A page of the store's customers, `q` matching email or name, newest first. */
  async page(
    ctx: RequestContext,
    filter: { q?: string; page: number; limit: number },
  ): Promise<{ items: Array<Omit<CustomerRow, 'passwordHash'>>; total: number }> {
    const where = `store_id = $1 and ($2::text is null or email ilike $2 or name ilike $2)`;
    const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const items: CustomerRow[] = await ctx.manager.query(
      `select ${COLUMNS} from customer where ${where} order by created_at desc, id limit $3 offset $4`,
      [ctx.storeId, like, filter.limit, (filter.page - 1) * filter.limit],
    );
    const counted: Array<{ n: string }> = await ctx.manager.query(
      `select count(*) as n from customer where ${where}`,
      [ctx.storeId, like],
    );
    return {
      items: items.map(({ passwordHash: _hash, ...c }) => c),
      total: Number(counted[0].n),
    };
  }

  async addRefreshToken(
    ctx: RequestContext,
    token: { customerId: string; loginId: string; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await ctx.manager.query(
      `insert into customer_refresh_token (store_id, customer_id, login_id, token_hash, expires_at)
       values ($1, $2, $3, $4, $5)`,
      [ctx.storeId, token.customerId, token.loginId, token.tokenHash, token.expiresAt],
    );
  }

  /** Locks the row: two refreshes with the same token cannot both spend it. */
  async refreshTokenForUpdate(
    ctx: RequestContext,
    tokenHash: string,
  ): Promise<RefreshToken | null> {
    const rows: Array<{
      id: string;
      customerId: string;
      loginId: string;
      expiresAt: Date;
      usedAt: Date | null;
      revokedAt: Date | null;
    }> = await ctx.manager.query(
      `select id, customer_id as "customerId", login_id as "loginId", expires_at as "expiresAt",
              used_at as "usedAt", revoked_at as "revokedAt"
         from customer_refresh_token where token_hash = $1 and store_id = $2 for update`,
      [tokenHash, ctx.storeId],
    );
    const r = rows[0];
    return r
      ? new RefreshToken(
          r.id,
          r.customerId,
          r.loginId,
          tokenHash,
          r.expiresAt,
          r.usedAt,
          r.revokedAt,
        )
      : null;
  }

  async markUsed(ctx: RequestContext, token: RefreshToken): Promise<void> {
    await ctx.manager.query(`update customer_refresh_token set used_at = $2 where id = $1`, [
      token.id,
      token.usedAt,
    ]);
  }

  async revokeLogin(ctx: RequestContext, loginId: string): Promise<void> {
    await ctx.manager.query(
      `update customer_refresh_token set revoked_at = now() where login_id = $1 and revoked_at is null`,
      [loginId],
    );
  }

  async revokeAll(ctx: RequestContext, customerId: string): Promise<void> {
    await ctx.manager.query(
      `update customer_refresh_token set revoked_at = now() where customer_id = $1 and revoked_at is null`,
      [customerId],
    );
  }

  async addResetToken(
    ctx: RequestContext,
    customerId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await ctx.manager.query(
      `insert into customer_password_reset (store_id, customer_id, token_hash, expires_at)
       values ($1, $2, $3, $4)`,
      [ctx.storeId, customerId, tokenHash, expiresAt],
    );
  }

  /** Spends a reset token of this store if unused and unexpired; returns its customer. */
  async spendResetToken(ctx: RequestContext, tokenHash: string): Promise<string | null> {
    const rows: Array<{ customer_id: string }> = await ctx.manager.query(
      `with spent as (
         update customer_password_reset set used_at = now()
          where token_hash = $1 and store_id = $2 and used_at is null and expires_at > now()
         returning customer_id)
       select customer_id from spent`,
      [tokenHash, ctx.storeId],
    );
    return rows[0]?.customer_id ?? null;
  }

  async addresses(
    ctx: RequestContext,
    customerId: string,
  ): Promise<Array<{ id: string } & object>> {
    const rows: Array<{ id: string; address: object }> = await ctx.manager.query(
      `select id, address from customer_address where customer_id = $1 and store_id = $2
        order by created_at, id`,
      [customerId, ctx.storeId],
    );
    return rows.map((r) => ({ id: r.id, ...r.address }));
  }

  async addAddress(ctx: RequestContext, customerId: string, address: object): Promise<string> {
    const rows: Array<{ id: string }> = await ctx.manager.query(
      `insert into customer_address (store_id, customer_id, address) values ($1, $2, $3) returning id`,
      [ctx.storeId, customerId, JSON.stringify(address)],
    );
    return rows[0].id;
  }

  /** Whether the customer still exists: one indexed read, for every customer-token request. */
  async exists(reader: Pick<EntityManager, 'query'>, id: string): Promise<boolean> {
    const rows: unknown[] = await reader.query(`select 1 from customer where id = $1`, [id]);
    return rows.length > 0;
  }

  /** Privacy erasure: the account, its tokens and addresses; answers how many accounts went. */
  async erase(ctx: RequestContext, id: string): Promise<number> {
    for (const table of ['customer_refresh_token', 'customer_password_reset', 'customer_address']) {
      await ctx.manager.query(`delete from ${table} where customer_id = $1 and store_id = $2`, [
        id,
        ctx.storeId,
      ]);
    }
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from customer where id = $1 and store_id = $2 returning id)
       select * from gone`,
      [id, ctx.storeId],
    );
    return rows.length;
  }

  async deleteAddress(ctx: RequestContext, customerId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await ctx.manager.query(
      `with gone as (delete from customer_address where id = $1 and customer_id = $2 returning id)
       select * from gone`,
      [id, customerId],
    );
    return rows.length > 0;
  }
}
