import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { InvalidRefreshToken, RefreshTokenReused } from '../domain/identity.errors';
import { Secrets } from '../infrastructure/secrets';
import { TokenRepository } from '../infrastructure/token.repository';
import { UserRepository } from '../infrastructure/user.repository';
import { type TokenPairView, toUserView } from './identity.views';
import { TokenIssuer } from './token-issuer';

/** Rotates a refresh token; a spent one revokes its whole login (reuse detection). */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly users: UserRepository,
    private readonly secrets: Secrets,
    private readonly issuer: TokenIssuer,
  ) {}

  async execute(ctx: RequestContext, input: { refreshToken: string }): Promise<TokenPairView> {
    const token = await this.tokens.findRefreshTokenForUpdate(
      ctx,
      this.secrets.hashToken(input.refreshToken),
    );
    if (!token) throw new InvalidRefreshToken();
    const outcome = token.spend(new Date());
    if (outcome === 'reused') {
      await this.tokens.revokeLogin(ctx, token.loginId);
      throw new RefreshTokenReused();
    }
    if (outcome === 'expired') throw new InvalidRefreshToken();
    await this.tokens.markUsed(ctx, token);
    const user = await this.users.findById(ctx, token.userId);
    if (!user) throw new InvalidRefreshToken();
    const pair = await this.issuer.issue(ctx, user.id, token.loginId);
    return { user: toUserView(user), ...pair };
  }
}
