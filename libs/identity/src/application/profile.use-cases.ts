import { Injectable } from '@nestjs/common';
import { NotFound, RequestContext } from '@silkcart/shared';
import { CurrentPasswordRequired, WrongCurrentPassword } from '../domain/identity.errors';
import { User } from '../domain/user';
import { Secrets } from '../infrastructure/secrets';
import { UserRepository } from '../infrastructure/user.repository';
import { type ProfileView, toProfileView } from './identity.views';

async function signedInUser(users: UserRepository, ctx: RequestContext): Promise<User> {
  const user = ctx.actor.id ? await users.findById(ctx, ctx.actor.id) : null;
  if (!user) throw new NotFound('The account no longer exists');
  return user;
}

@Injectable()
export class GetProfile {
  constructor(private readonly users: UserRepository) {}

  async execute(ctx: RequestContext): Promise<ProfileView> {
    return toProfileView(await signedInUser(this.users, ctx));
  }
}

@Injectable()
export class UpdateProfile {
  constructor(
    private readonly users: UserRepository,
    private readonly secrets: Secrets,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { name?: string; password?: string; currentPassword?: string },
  ): Promise<ProfileView> {
    const user = await signedInUser(this.users, ctx);
    if (input.password !== undefined) {
      if (input.currentPassword === undefined) throw new CurrentPasswordRequired();
      if (!(await this.secrets.verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new WrongCurrentPassword();
      }
      user.changePasswordHash(await this.secrets.hashPassword(input.password));
    }
    if (input.name !== undefined) user.rename(input.name);
    await this.users.save(ctx, user);
    return toProfileView(user);
  }
}
