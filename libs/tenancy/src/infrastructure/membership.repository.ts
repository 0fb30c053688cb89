import { Injectable } from '@nestjs/common';
import type { RequestContext, Role } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import { Membership } from '../domain/membership';
import { MembershipSchema } from './tenancy.schema';

@Injectable()
export class MembershipRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The user's role in the store, outside any transaction: the api's guard asks before the
   * request's one opens (membership has no row-level security).
   */
  async roleOf(storeId: string, userId: string): Promise<string | undefined> {
    const rows: Array<{ role: string }> = await this.ds.query(
      `select role from membership where store_id = $1 and user_id = $2`,
      [storeId, userId],
    );
    return rows[0]?.role;
  }

  /** The ids of the context's store's StoreAdmins. */
  async adminIds(ctx: RequestContext): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await ctx.manager.query(
      `select user_id from membership where store_id = $1 and role = 'StoreAdmin'`,
      [ctx.storeId],
    );
    return rows.map((r) => r.user_id);
  }

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
