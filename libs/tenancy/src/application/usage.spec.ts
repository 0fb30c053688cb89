import { AppConfig, ConfigError, EventBus } from '@silkcart/shared';
import { UsageRepository } from '../infrastructure/usage.repository';
import { Usage } from './usage';

const withPlans = (json: string | null, defaultPlan: string) =>
  new Usage(
    {} as UsageRepository,
    {} as EventBus,
    {
      plans: { json, defaultPlan, operatorToken: null },
    } as AppConfig,
  );

describe('Usage (startup)', () => {
  it('stops the app with a ConfigError naming PLANS or DEFAULT_PLAN', () => {
    expect(() => withPlans('{"free": {"products": {"hard": "x"}}}', 'free')).toThrow(ConfigError);
    expect(() => withPlans('not json', 'free')).toThrow(/Invalid configuration:\n {2}PLANS: /);
    expect(() => withPlans(null, 'gold')).toThrow(/DEFAULT_PLAN: "gold" is not a plan/);
  });

  it('limits nothing for a plan PLANS no longer names', () => {
    const usage = withPlans('{"small": {"products": {"soft": 3, "hard": 5}}}', 'small');
    expect(usage.limitsOf('small').products).toEqual({ soft: 3, hard: 5 });
    expect(usage.limitsOf('enterprise').products).toEqual({ soft: null, hard: null });
  });
});
