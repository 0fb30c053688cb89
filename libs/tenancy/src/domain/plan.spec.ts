import { DEFAULT_PLANS, monthOf, periodOf, planTable, UNLIMITED } from './plan';

describe('plans', () => {
  it("uses the contract's table when PLANS is not set", () => {
    const table = planTable(null, 'enterprise');
    expect(Object.keys(table)).toEqual(['free', 'pro', 'enterprise']);
    expect(table.free).toEqual({
      products: { soft: 80, hard: 100 },
      members: { soft: 3, hard: 3 },
      apiKeys: { soft: 2, hard: 2 },
      webhooks: { soft: 2, hard: 2 },
      ordersPerMonth: { soft: 400, hard: null },
    });
    expect(table.pro.products).toEqual({ soft: 8000, hard: 10000 });
    expect(table.pro.ordersPerMonth).toEqual({ soft: 40000, hard: null });
    expect(table.enterprise).toEqual(UNLIMITED);
  });

  it('replaces the table with PLANS; a limit left out has none', () => {
    const table = planTable(
      JSON.stringify({
        small: { products: { soft: 3, hard: 5 }, ordersPerMonth: { soft: null, hard: 10 } },
        big: { members: { hard: 50 } },
      }),
      'small',
    );
    expect(Object.keys(table)).toEqual(['small', 'big']);
    expect(table.small).toEqual({
      ...UNLIMITED,
      products: { soft: 3, hard: 5 },
      ordersPerMonth: { soft: null, hard: 10 },
    });
    expect(table.big.members).toEqual({ soft: null, hard: 50 });
    expect(DEFAULT_PLANS.free.products.hard).toBe(100);
  });

  it.each([
    ['{', /^PLANS: not valid JSON/],
    ['[]', /^PLANS: must be a JSON object/],
    ['{}', /^PLANS: must be a JSON object/],
    ['"free"', /^PLANS: must be a JSON object/],
    ['{"Free Plan": {}}', /^PLANS: "Free Plan" is not a plan name/],
    ['{"free": 3}', /^PLANS: free must be an object/],
    ['{"free": {"orders": {"hard": 1}}}', /^PLANS: free\.orders is not a limit/],
    ['{"free": {"products": 5}}', /^PLANS: free\.products must be/],
    ['{"free": {"products": {"max": 5}}}', /^PLANS: free\.products\.max is not soft or hard/],
    ['{"free": {"products": {"hard": -1}}}', /^PLANS: free\.products\.hard must be a whole/],
    ['{"free": {"products": {"hard": 1.5}}}', /^PLANS: free\.products\.hard must be a whole/],
    ['{"free": {"products": {"soft": "3"}}}', /^PLANS: free\.products\.soft must be a whole/],
    ['{"free": {"products": {"soft": 6, "hard": 5}}}', /^PLANS: free\.products\.soft is above/],
  ])('refuses PLANS=%s naming PLANS', (json, message) => {
    expect(() => planTable(json, 'free')).toThrow(message);
  });

  it('refuses a DEFAULT_PLAN that is not a plan', () => {
    expect(() => planTable(null, 'gold')).toThrow(
      'DEFAULT_PLAN: "gold" is not a plan (plans: free, pro, enterprise)',
    );
    // PLANS replaces the table: enterprise is gone unless PLANS names it.
    expect(() => planTable('{"small": {}}', 'enterprise')).toThrow(/^DEFAULT_PLAN/);
  });

  it('counts ordersPerMonth per calendar month (UTC) and the other limits for good', () => {
    const now = new Date('2025-12-31T23:30:00-05:00'); // 2026-01-01T04:30Z
    expect(monthOf(now)).toEqual({
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-02-01T00:00:00Z'),
    });
    expect(periodOf('ordersPerMonth', now)).toBe('2026-01-01');
    expect(periodOf('products', now)).toBe('1970-01-01');
    expect(monthOf(new Date('2025-12-15T00:00:00Z')).end.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });
});
