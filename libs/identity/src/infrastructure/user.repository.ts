import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { User, UserId } from '../domain/user';
import { UserSchema } from './user.schema';

@Injectable()
export class UserRepository {
  findByEmail(ctx: RequestContext, email: string): Promise<User | null> {
    return ctx.manager
      .getRepository(UserSchema)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: User.normalizeEmail(email) })
      .getOne();
  }

  findById(ctx: RequestContext, id: string): Promise<User | null> {
    return ctx.manager.getRepository(UserSchema).findOneBy({ id: id as UserId });
  }

  async findByIds(ctx: RequestContext, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return ctx.manager
      .getRepository(UserSchema)
      .createQueryBuilder('u')
      .where('u.id = any(:ids)', { ids })
      .getMany();
  }

  async insert(
    ctx: RequestContext,
    email: string,
    name: string,
    passwordHash: string,
  ): Promise<User> {
    const repo = ctx.manager.getRepository(UserSchema);
    const saved = await repo.save(
      repo.create({ email: User.normalizeEmail(email), name: name.trim(), passwordHash }),
    );
    return saved;
  }

  async save(ctx: RequestContext, user: User): Promise<void> {
    await ctx.manager.getRepository(UserSchema).save(user);
  }
}
