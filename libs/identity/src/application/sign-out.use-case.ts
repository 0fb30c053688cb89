import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { Secrets } from '../infrastructure/secrets';
import { TokenRepository } from '../infrastructure/token.repository';

/** Revokes the login a refresh token belongs to, if it is the caller's; idempotent. */
@Injectable()
export class SignOut {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly secrets: Secrets,
  ) {}

  async execute(ctx: RequestContext, input: { refreshToken: string }): Promise<void> {
    const token = await this.tokens.findRefreshTokenForUpdate(
      ctx,
      this.secrets.hashToken(input.refreshToken),
    );
    if (token && token.userId === ctx.actor.id) await this.tokens.revokeLogin(ctx, token.loginId);
  }
}
