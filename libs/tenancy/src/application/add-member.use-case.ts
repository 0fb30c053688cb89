import { Injectable } from '@nestjs/common';
import { IdentityFacade } from '@silkcart/identity';
import type { RequestContext, Role } from '@silkcart/shared';
import { AlreadyMember, StoreNotFound, UserNotRegistered } from '../domain/tenancy.errors';
import { MembershipRepository } from '../infrastructure/membership.repository';
import { StoreActivity } from '../infrastructure/store-activity';
import { StoreRepository } from '../infrastructure/store.repository';
import type { MemberView } from './tenancy.views';
import { Usage } from './usage';

/** Adds a registered user to the store with a role. */
@Injectable()
export class AddMember {
  constructor(
    private readonly stores: StoreRepository,
    private readonly members: MembershipRepository,
    private readonly identity: IdentityFacade,
    private readonly activity: StoreActivity,
    private readonly usage: Usage,
  ) {}

  async execute(ctx: RequestContext, input: { email: string; role: Role }): Promise<MemberView> {
    const storeId = ctx.storeId as string;
    if (!(await this.stores.findByIdForUpdate(ctx, storeId))) throw new StoreNotFound();
    const user = await this.identity.userByEmail(ctx, input.email);
    if (!user) throw new UserNotRegistered();
    if (await this.members.find(ctx, storeId, user.id)) throw new AlreadyMember();
    await this.usage.consume(ctx, 'members');
    await this.members.add(ctx, storeId, user.id, input.role);
    await this.activity.record(ctx, 'member.added', { userId: user.id, role: input.role });
    return { userId: user.id, email: user.email, name: user.name, role: input.role };
  }
}
