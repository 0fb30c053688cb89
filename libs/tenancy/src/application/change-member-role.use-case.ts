import { Injectable } from '@nestjs/common';
import { IdentityFacade } from '@silkcart/identity';
import type { RequestContext, Role } from '@silkcart/shared';
import { assertKeepsAnAdmin } from '../domain/membership';
import { MemberNotFound, StoreNotFound } from '../domain/tenancy.errors';
import { MembershipRepository } from '../infrastructure/membership.repository';
import { StoreActivity } from '../infrastructure/store-activity';
import { StoreRepository } from '../infrastructure/store.repository';
import type { MemberView } from './tenancy.views';

@Injectable()
export class ChangeMemberRole {
  constructor(
    private readonly stores: StoreRepository,
    private readonly members: MembershipRepository,
    private readonly identity: IdentityFacade,
    private readonly activity: StoreActivity,
  ) {}

  async execute(ctx: RequestContext, userId: string, role: Role): Promise<MemberView> {
    const storeId = ctx.storeId as string;
    if (!(await this.stores.findByIdForUpdate(ctx, storeId))) throw new StoreNotFound();
    const member = await this.members.find(ctx, storeId, userId);
    if (!member) throw new MemberNotFound();
    assertKeepsAnAdmin(member, role, await this.members.countAdmins(ctx, storeId));
    const from = member.role;
    await this.members.setRole(ctx, member, role);
    await this.activity.record(ctx, 'member.role-changed', { userId, from, to: role });
    const user = (await this.identity.usersByIds(ctx, [userId])).get(userId);
    return { userId, email: user?.email ?? '', name: user?.name ?? '', role };
  }
}
