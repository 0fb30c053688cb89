import { defineEvent } from '@silkcart/shared';
import type { PlanMetric } from './plan';

/** A store's use of a limit reached its plan's soft limit (published once per limit and period). */
export interface PlanSoftLimitReachedData {
  plan: string;
  limit: PlanMetric;
  used: number;
  soft: number;
  hard: number | null;
}

export const PlanSoftLimitReached = defineEvent<PlanSoftLimitReachedData>(
  'tenancy.plan_soft_limit_reached',
);
