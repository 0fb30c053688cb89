import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { RefreshToken } from '../domain/refresh-token';
import { RefreshTokenSchema } from './user.schema';

/** Refresh and password-reset tokens, stored only as SHA-256 hashes. */
@Injectable()
export class TokenRepository {
  async addRefreshToken(
    ctx: RequestContext,
    token: { userId: string; loginId: string; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await ctx.manager.getRepository(RefreshTokenSchema).insert(token);
  }

  /** Locks the row: two refreshes with the same token cannot both spend it. */
  findRefreshTokenForUpdate(ctx: RequestContext, tokenHash: string): Promise<RefreshToken | null> {
    return ctx.manager
      .getRepository(RefreshTokenSchema)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.tokenHash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markUsed(ctx: RequestContext, token: RefreshToken): Promise<void> {
    await ctx.manager
      .getRepository(RefreshTokenSchema)
      .update({ id: token.id }, { usedAt: token.usedAt });
  }

  async revokeLogin(ctx: RequestContext, loginId: string): Promise<void> {
    await ctx.manager.query(
      `update refresh_token set revoked_at = now() where login_id = $1 and revoked_at is null`,
      [loginId],
    );
  }

  async revokeAllOfUser(ctx: RequestContext, userId: string): Promise<void> {
    await ctx.manager.query(
      `update refresh_token set revoked_at = now() where user_id = $1 and revoked_at is null`,
      [userId],
    );
  }

  async addResetToken(
    ctx: RequestContext,
    userId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await ctx.manager.query(
      `insert into password_reset (user_id, token_hash, expires_at) values ($1, $2, $3)`,
      [userId, tokenHash, expiresAt],
    );
  }

  /** Spends a reset token if it is unused and unexpired; returns its user. */
  async spendResetToken(ctx: RequestContext, tokenHash: string): Promise<string | null> {
    const rows: Array<{ user_id: string }> = await ctx.manager.query(
      `with spent as (
         update password_reset set used_at = now()
          where token_hash = $1 and used_at is null and expires_at > now()
         returning user_id)
       select user_id from spent`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }
}
