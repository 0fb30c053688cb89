import { Injectable } from '@nestjs/common';
import { IdentityFacade } from '@silkcart/identity';
import { Page, PageQuery, pageOf, RequestContext } from '@silkcart/shared';
import { MembershipRepository } from '../infrastructure/membership.repository';
import type { MemberView } from './tenancy.views';

@Injectable()
export class ListMembers {
  constructor(
    private readonly members: MembershipRepository,
    private readonly identity: IdentityFacade,
  ) {}

  async execute(ctx: RequestContext, query: PageQuery): Promise<Page<MemberView>> {
    const [members, total] = await this.members.page(ctx, ctx.storeId as string, query);
    const users = await this.identity.usersByIds(
      ctx,
      members.map((m) => m.userId),
    );
    const items = members.map((m) => {
      const user = users.get(m.userId);
      return { userId: m.userId, email: user?.email ?? '', name: user?.name ?? '', role: m.role };
    });
    return pageOf(items, total, query);
  }
}
