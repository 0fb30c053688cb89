import { Injectable } from '@nestjs/common';
import { EventBus, type RequestContext } from '@silkcart/shared';
import { InvalidResetToken } from '../domain/identity.errors';
import { RESET_TOKEN_TTL_MS } from '../domain/refresh-token';
import { Secrets } from '../infrastructure/secrets';
import { TokenRepository } from '../infrastructure/token.repository';
import { UserRepository } from '../infrastructure/user.repository';
import { PasswordResetRequested } from '../domain/identity-events';

/** Emails a single-use reset token when the account exists; says nothing either way. */
@Injectable()
export class RequestPasswordReset {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenRepository,
    private readonly secrets: Secrets,
    private readonly events: EventBus,
  ) {}

  async execute(ctx: RequestContext, input: { email: string }): Promise<void> {
    const user = await this.users.findByEmail(ctx, input.email);
    if (!user) return;
    const token = this.secrets.newToken();
    await this.tokens.addResetToken(
      ctx,
      user.id,
      this.secrets.hashToken(token),
      new Date(Date.now() + RESET_TOKEN_TTL_MS),
    );
    await this.events.publish(ctx, PasswordResetRequested, {
      userId: user.id,
      email: user.email,
      name: user.name,
      token,
      expiresInMinutes: RESET_TOKEN_TTL_MS / 60_000,
    });
  }
}

/** Sets a new password with a reset token and signs the account out everywhere. */
@Injectable()
export class ResetPassword {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenRepository,
    private readonly secrets: Secrets,
  ) {}

  async execute(ctx: RequestContext, input: { token: string; password: string }): Promise<void> {
    const userId = await this.tokens.spendResetToken(ctx, this.secrets.hashToken(input.token));
    const user = userId ? await this.users.findById(ctx, userId) : null;
    if (!user) throw new InvalidResetToken();
    user.changePasswordHash(await this.secrets.hashPassword(input.password));
    await this.users.save(ctx, user);
    await this.tokens.revokeAllOfUser(ctx, user.id);
  }
}
