import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { UserRepository } from '../infrastructure/user.repository';
import { toUserView, type UserView } from './identity.views';

/** A user as other contexts see it: the api's UserView. */
export type UserSummary = UserView;

/** What other contexts may ask of identity. */
@Injectable()
export class IdentityFacade {
  constructor(private readonly users: UserRepository) {}

  async userByEmail(ctx: RequestContext, email: string): Promise<UserSummary | null> {
    const user = await this.users.findByEmail(ctx, email);
    return user ? toUserView(user) : null;
  }

  async usersByIds(ctx: RequestContext, ids: string[]): Promise<Map<string, UserSummary>> {
    const users = await this.users.findByIds(ctx, ids);
    return new Map(users.map((u) => [u.id, toUserView(u)]));
  }
}
