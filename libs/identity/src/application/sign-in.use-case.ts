import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { InvalidCredentials } from '../domain/identity.errors';
import { Secrets } from '../infrastructure/secrets';
import { UserRepository } from '../infrastructure/user.repository';
import { type TokenPairView, toUserView } from './identity.views';
import { TokenIssuer } from './token-issuer';

/** Email and password for a token pair; an unknown email costs the same hash as a wrong password. */
@Injectable()
export class SignIn {
  constructor(
    private readonly users: UserRepository,
    private readonly secrets: Secrets,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { email: string; password: string },
  ): Promise<TokenPairView> {
    const user = await this.users.findByEmail(ctx, input.email);
    const ok = await this.secrets.verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw new InvalidCredentials();
    const pair = await this.tokens.issue(ctx, user.id);
    return { user: toUserView(user), ...pair };
  }
}
