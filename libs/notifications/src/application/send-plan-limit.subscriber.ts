import { Injectable } from '@nestjs/common';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { PlanSoftLimitReached, PlanSoftLimitReachedData, TenancyFacade } from '@silkcart/tenancy';
import { Notifier } from './notifier';

/** A store reached a soft limit of its plan: each StoreAdmin gets a `plan-limit` email. */
@Injectable()
@Subscribe(PlanSoftLimitReached, { name: 'notifications.send-plan-limit' })
export class SendPlanLimit {
  constructor(
    private readonly tenancy: TenancyFacade,
    private readonly emails: Notifier,
  ) {}

  async handle(
    ctx: RequestContext,
    event: PublishedEvent<PlanSoftLimitReachedData>,
  ): Promise<void> {
    const store = await this.tenancy.settingsOf(ctx);
    const { plan, limit, used, soft, hard } = event.data;
    for (const admin of await this.tenancy.adminsOf(ctx)) {
      await this.emails.email(ctx, {
        template: 'plan-limit',
        to: admin.email,
        data: { name: admin.name, storeName: store.name, plan, limit, used, soft, hard },
      });
    }
  }
}
