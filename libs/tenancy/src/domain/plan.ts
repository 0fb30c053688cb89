/** What a plan limits; `ordersPerMonth` is counted per calendar month (UTC), the others for good. */
export const PLAN_METRICS = [
  'products',
  'members',
  'apiKeys',
  'webhooks',
  'ordersPerMonth',
] as const;
export type PlanMetric = (typeof PLAN_METRICS)[number];

/** `null`: no limit. Reaching `soft` emails the StoreAdmins; a write past `hard` is refused. */
export interface PlanLimit {
  soft: number | null;
  hard: number | null;
}

export type PlanLimits = Record<PlanMetric, PlanLimit>;
/** Plan name → its limits: the contract's table, or PLANS. */
export type PlanTable = Record<string, PlanLimits>;

const limit = (soft: number | null, hard: number | null): PlanLimit => ({ soft, hard });

export const UNLIMITED: PlanLimits = {
  products: limit(null, null),
  members: limit(null, null),
  apiKeys: limit(null, null),
  webhooks: limit(null, null),
  ordersPerMonth: limit(null, null),
};

/** The contract's defaults, used when PLANS is not set. */
export const DEFAULT_PLANS: PlanTable = {
  free: {
    products: limit(80, 100),
    members: limit(3, 3),
    apiKeys: limit(2, 2),
    webhooks: limit(2, 2),
    ordersPerMonth: limit(400, null),
  },
  pro: {
    products: limit(8_000, 10_000),
    members: limit(20, 20),
    apiKeys: limit(20, 20),
    webhooks: limit(20, 20),
    ordersPerMonth: limit(40_000, null),
  },
  enterprise: UNLIMITED,
};

export const PLAN_NAME = /^[a-z0-9_-]{1,40}$/;

/** A PLANS or DEFAULT_PLAN value that cannot be used; the message names the variable. */
export class PlansConfigInvalid extends Error {}

export function isPlanMetric(value: unknown): value is PlanMetric {
  return typeof value === 'string' && (PLAN_METRICS as readonly string[]).includes(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function bound(value: unknown, where: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PlansConfigInvalid(`PLANS: ${where} must be a whole number >= 0 or null`);
  }
  return value;
}

/**
 * PLANS (JSON of the contract's table: `{plan: {metric: {soft, hard}}}`) replaces the default
 * table; a metric or bound left out has no limit. DEFAULT_PLAN must name one of the plans.
 */
export function planTable(json: string | null, defaultPlan: string): PlanTable {
  const table = json === null ? DEFAULT_PLANS : parsePlans(json);
  if (!(defaultPlan in table)) {
    throw new PlansConfigInvalid(
      `DEFAULT_PLAN: "${defaultPlan}" is not a plan (plans: ${Object.keys(table).join(', ')})`,
    );
  }
  return table;
}

export function parsePlans(json: string): PlanTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new PlansConfigInvalid(`PLANS: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    throw new PlansConfigInvalid('PLANS: must be a JSON object of plans, {"free": {...}, ...}');
  }
  const table: PlanTable = {};
  for (const [name, plan] of Object.entries(raw)) {
    if (!PLAN_NAME.test(name)) {
      throw new PlansConfigInvalid(`PLANS: "${name}" is not a plan name (${PLAN_NAME.source})`);
    }
    if (!isObject(plan)) throw new PlansConfigInvalid(`PLANS: ${name} must be an object`);
    const limits = { ...UNLIMITED };
    for (const [metric, given] of Object.entries(plan)) {
      if (!isPlanMetric(metric)) {
        throw new PlansConfigInvalid(
          `PLANS: ${name}.${metric} is not a limit (limits: ${PLAN_METRICS.join(', ')})`,
        );
      }
      if (!isObject(given)) {
        throw new PlansConfigInvalid(`PLANS: ${name}.${metric} must be {"soft": n, "hard": n}`);
      }
      const unknown = Object.keys(given).filter((k) => k !== 'soft' && k !== 'hard');
      if (unknown.length > 0) {
        throw new PlansConfigInvalid(`PLANS: ${name}.${metric}.${unknown[0]} is not soft or hard`);
      }
      const soft = bound(given.soft, `${name}.${metric}.soft`);
      const hard = bound(given.hard, `${name}.${metric}.hard`);
      if (soft !== null && hard !== null && soft > hard) {
        throw new PlansConfigInvalid(`PLANS: ${name}.${metric}.soft is above its hard limit`);
      }
      limits[metric] = { soft, hard };
    }
    table[name] = limits;
  }
  return table;
}

const SINCE_EVER = '1970-01-01';

/** The current calendar month, UTC: `end` is the next month's first instant (exclusive). */
export function monthOf(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

/** The counter a metric's use goes to: the month's first day, or one period for good. */
export function periodOf(metric: PlanMetric, now: Date): string {
  return metric === 'ordersPerMonth' ? monthOf(now).start.toISOString().slice(0, 10) : SINCE_EVER;
}
