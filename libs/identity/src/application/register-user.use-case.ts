import { Injectable } from '@nestjs/common';
import { EventBus, type RequestContext } from '@silkcart/shared';
import { EmailTaken } from '../domain/identity.errors';
import { Secrets } from '../infrastructure/secrets';
import { UserRepository } from '../infrastructure/user.repository';
import { UserRegistered } from '../domain/identity-events';
import { type TokenPairView, toUserView } from './identity.views';
import { TokenIssuer } from './token-issuer';

@Injectable()
export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly secrets: Secrets,
    private readonly tokens: TokenIssuer,
    private readonly events: EventBus,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { email: string; password: string; name: string },
  ): Promise<TokenPairView> {
    if (await this.users.findByEmail(ctx, input.email)) throw new EmailTaken();
    const user = await this.users.insert(
      ctx,
      input.email,
      input.name,
      await this.secrets.hashPassword(input.password),
    );
    await this.events.publish(ctx, UserRegistered, {
      userId: user.id,
      email: user.email,
      name: user.name,
    });
    const pair = await this.tokens.issue(ctx, user.id);
    return { user: toUserView(user), ...pair };
  }
}
