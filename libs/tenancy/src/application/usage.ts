import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  ConfigError,
  EventBus,
  InvalidInput,
  PlanLimitReached,
  RequestContext,
  scopeToStore,
  StoreId,
} from '@silkcart/shared';
import {
  monthOf,
  PLAN_METRICS,
  PlanLimits,
  PlanMetric,
  periodOf,
  PlansConfigInvalid,
  PlanTable,
  planTable,
  UNLIMITED,
} from '../domain/plan';
import { PlanSoftLimitReached } from '../domain/plan-soft-limit-reached.event';
import { StoreNotFound } from '../domain/tenancy.errors';
import { UsageRepository } from '../infrastructure/usage.repository';
import type { LimitUsageView, UsageView } from './usage.views';

/**
 * Plans and their limits. The table (PLANS or the contract's) is read once, when the app
 * starts: a malformed PLANS, or a DEFAULT_PLAN that is no plan, stops it with a ConfigError.
 * Use is counted in the writing transaction (`consume`, `release`), so a refusal leaves
 * nothing written and concurrent writes cannot pass a hard limit.
 */
@Injectable()
export class Usage {
  private readonly plans: PlanTable;
  readonly defaultPlan: string;

  constructor(
    private readonly counters: UsageRepository,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    try {
      this.plans = planTable(config.plans.json, config.plans.defaultPlan);
    } catch (err) {
      if (err instanceof PlansConfigInvalid) {
        throw new ConfigError(`Invalid configuration:\n  ${err.message}`);
      }
      throw err;
    }
    this.defaultPlan = config.plans.defaultPlan;
  }

  /** A plan dropped from PLANS limits nothing rather than locking its stores out. */
  limitsOf(plan: string): PlanLimits {
    return this.plans[plan] ?? UNLIMITED;
  }

  /**
   * Counts `n` more of `metric` in the context's store, or throws PlanLimitReached (403) when
   * that would pass the plan's hard limit. Reaching the soft limit publishes
   * PlanSoftLimitReached once per limit and period.
   */
  async consume(ctx: RequestContext, metric: PlanMetric, n = 1): Promise<void> {
    await this.count(ctx, metric, n, true);
  }

  async release(ctx: RequestContext, metric: PlanMetric, n = 1): Promise<void> {
    await this.counters.subtract(ctx, metric, periodOf(metric, new Date()), n);
  }

  /** A new store (the context is inside it): its plan is DEFAULT_PLAN, its creator a member. */
  async openStore(ctx: RequestContext): Promise<void> {
    await this.counters.setPlan(ctx, ctx.storeId as string, this.defaultPlan);
    await this.count(ctx, 'members', 1, false);
  }

  async view(ctx: RequestContext, now = new Date()): Promise<UsageView> {
    const plan = await this.counters.planOf(ctx, ctx.storeId as string);
    if (plan === null) throw new StoreNotFound();
    const periods = Object.fromEntries(PLAN_METRICS.map((m) => [m, periodOf(m, now)]));
    const used = await this.counters.current(ctx, periods as Record<PlanMetric, string>);
    const limits = this.limitsOf(plan);
    const month = monthOf(now);
    return {
      plan,
      period: { start: month.start.toISOString(), end: month.end.toISOString() },
      limits: Object.fromEntries(
        PLAN_METRICS.map((m) => [m, { used: used[m] ?? 0, ...limits[m] }]),
      ) as Record<PlanMetric, LimitUsageView>,
    };
  }

  /** The operator's change of a store's plan (the context has no store yet); answers its usage. */
  async setPlan(ctx: RequestContext, storeId: string, plan: string): Promise<UsageView> {
    const inStore = ctx.inStore(storeId as StoreId, null);
    await scopeToStore(ctx.manager, storeId);
    if (!(plan in this.plans)) {
      if ((await this.counters.planOf(inStore, storeId)) === null) throw new StoreNotFound();
      throw new InvalidInput('No such plan', [
        { field: 'plan', message: `plan must be one of: ${Object.keys(this.plans).join(', ')}` },
      ]);
    }
    if (!(await this.counters.setPlan(inStore, storeId, plan))) throw new StoreNotFound();
    return this.view(inStore);
  }

  private async count(ctx: RequestContext, metric: PlanMetric, n: number, enforce: boolean) {
    const plan = (await this.counters.planOf(ctx, ctx.storeId as string)) ?? this.defaultPlan;
    const { soft, hard } = this.limitsOf(plan)[metric];
    const period = periodOf(metric, new Date());
    const counted = await this.counters.add(ctx, metric, period, n, enforce ? hard : null);
    if (!counted) {
      throw new PlanLimitReached(
        metric,
        await this.counters.usedOf(ctx, metric, period),
        hard as number,
      );
    }
    if (
      soft !== null &&
      counted.used >= soft &&
      !counted.softNotified &&
      (await this.counters.markSoftNotified(ctx, metric, period))
    ) {
      await this.events.publish(ctx, PlanSoftLimitReached, {
        plan,
        limit: metric,
        used: counted.used,
        soft,
        hard,
      });
    }
  }
}
