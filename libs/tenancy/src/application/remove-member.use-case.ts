import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { assertKeepsAnAdmin } from '../domain/membership';
import { MemberNotFound, StoreNotFound } from '../domain/tenancy.errors';
import { MembershipRepository } from '../infrastructure/membership.repository';
import { StoreActivity } from '../infrastructure/store-activity';
import { StoreRepository } from '../infrastructure/store.repository';
import { Usage } from './usage';

@Injectable()
export class RemoveMember {
  constructor(
    private readonly stores: StoreRepository,
    private readonly members: MembershipRepository,
    private readonly activity: StoreActivity,
    private readonly usage: Usage,
  ) {}

  async execute(ctx: RequestContext, userId: string): Promise<void> {
    const storeId = ctx.storeId as string;
    if (!(await this.stores.findByIdForUpdate(ctx, storeId))) throw new StoreNotFound();
    const member = await this.members.find(ctx, storeId, userId);
    if (!member) throw new MemberNotFound();
    assertKeepsAnAdmin(member, null, await this.members.countAdmins(ctx, storeId));
    await this.members.remove(ctx, member);
    await this.usage.release(ctx, 'members');
    await this.activity.record(ctx, 'member.removed', { userId, role: member.role });
  }
}
