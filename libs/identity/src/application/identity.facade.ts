import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { UserRepository } from '../infrastructure/user.repository';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

/** What other contexts may ask of identity. */
@Injectable()
export class IdentityFacade {
  constructor(private readonly users: UserRepository) {}

  async userByEmail(ctx: RequestContext, email: string): Promise<UserSummary | null> {
    const user = await this.users.findByEmail(ctx, email);
    return user ? { id: user.id, email: user.email, name: user.name } : null;
  }

  async usersByIds(ctx: RequestContext, ids: string[]): Promise<Map<string, UserSummary>> {
    const users = await this.users.findByIds(ctx, ids);
    return new Map(users.map((u) => [u.id, { id: u.id, email: u.email, name: u.name }]));
  }
}
