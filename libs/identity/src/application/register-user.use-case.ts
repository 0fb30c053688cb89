import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { EmailTaken } from '../domain/identity.errors';
import { Secrets } from '../infrastructure/secrets';
import { UserRepository } from '../infrastructure/user.repository';
import { AccountEmails } from './account-emails';
import { TokenIssuer, TokenPair } from './token-issuer';

export interface AuthResult extends TokenPair {
  user: { id: string; email: string; name: string };
}

@Injectable()
export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly secrets: Secrets,
    private readonly tokens: TokenIssuer,
    private readonly emails: AccountEmails,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { email: string; password: string; name: string },
  ): Promise<AuthResult> {
    if (await this.users.findByEmail(ctx, input.email)) throw new EmailTaken();
    const user = await this.users.insert(
      ctx,
      input.email,
      input.name,
      await this.secrets.hashPassword(input.password),
    );
    await this.emails.welcome(ctx, user.email, user.name);
    const pair = await this.tokens.issue(ctx, user.id);
    return { user: { id: user.id, email: user.email, name: user.name }, ...pair };
  }
}
