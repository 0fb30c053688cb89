import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { RequestContext } from '@silkcart/shared';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_MS } from '../domain/refresh-token';
import { Secrets } from '../infrastructure/secrets';
import { TokenRepository } from '../infrastructure/token.repository';
import type { TokenPairView } from './identity.views';

export type TokenPair = Omit<TokenPairView, 'user'>;

/** Issues an access token and the next refresh token of a login (a new login by default). */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly secrets: Secrets,
    private readonly tokens: TokenRepository,
  ) {}

  async issue(
    ctx: RequestContext,
    userId: string,
    loginId: string = randomUUID(),
  ): Promise<TokenPair> {
    const refreshToken = this.secrets.newToken();
    await this.tokens.addRefreshToken(ctx, {
      userId,
      loginId,
      tokenHash: this.secrets.hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    });
    const accessToken = await this.jwt.signAsync(
      { sub: userId, jti: randomUUID() },
      { expiresIn: ACCESS_TOKEN_TTL_S, algorithm: 'HS256' },
    );
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_S };
  }
}
