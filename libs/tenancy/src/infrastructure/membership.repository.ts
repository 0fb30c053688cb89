import { Injectable } from '@nestjs/common';
import type { RequestContext, Role } from '@silkcart/shared';
import { Membership } from '../domain/membership';
import { MembershipSchema } from './tenancy.schema';

@Injectable()
export class MembershipRepository {
  find(ctx: RequestContext, storeId: string, userId: string): Promise<Membership | null> {
    return ctx.manager.getRepository(MembershipSchema).findOneBy({ storeId, userId });
  }

  async add(ctx: RequestContext, storeId: string, userId: string, role: Role): Promise<Membership> {
    const repo = ctx.manager.getRepository(MembershipSchema);
    return repo.save(repo.create({ storeId, userId, role }));
  }

  async setRole(ctx: RequestContext, member: Membership, role: Role): Promise<void> {
    await ctx.manager
      .getRepository(MembershipSchema)
      .update({ storeId: member.storeId, userId: member.userId }, { role });
    member.role = role;
  }

  async remove(ctx: RequestContext, member: Membership): Promise<void> {
    await ctx.manager
      .getRepository(MembershipSchema)
      .delete({ storeId: member.storeId, userId: member.userId });
  }

  countAdmins(ctx: RequestContext, storeId: string): Promise<number> {
    return ctx.manager.getRepository(MembershipSchema).countBy({ storeId, role: 'StoreAdmin' });
  }

  page(
    ctx: RequestContext,
    storeId: string,
    page: { page: number; limit: number },
  ): Promise<[Membership[], number]> {
    return ctx.manager.getRepository(MembershipSchema).findAndCount({
      where: { storeId },
      order: { createdAt: 'ASC', userId: 'ASC' },
      skip: (page.page - 1) * page.limit,
      take: page.limit,
    });
  }
}
