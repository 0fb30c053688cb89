import {
  dayNumber,
  divideRoundHalfUp,
  InvalidAnalyticsRange,
  rate,
  resolveRange,
  todayIn,
} from './analytics';

const fieldsOf = (query: { from?: string; to?: string }, today = '2025-03-10') => {
  try {
    resolveRange(query, today);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidAnalyticsRange);
    return (err as InvalidAnalyticsRange).errors?.map((e) => e.field);
  }
};

describe('analytics rules', () => {
  it('defaults to the 30 days ending today, or ending at to', () => {
    expect(resolveRange({}, '2025-03-10')).toEqual({ from: '2025-02-09', to: '2025-03-10' });
    expect(resolveRange({ to: '2024-03-01' }, '2025-03-10')).toEqual({
      from: '2024-02-01',
      to: '2024-03-01',
    });
    expect(resolveRange({ from: '2025-03-01' }, '2025-03-10')).toEqual({
      from: '2025-03-01',
      to: '2025-03-10',
    });
  });

  it('takes one day, and up to 366 days both ends included', () => {
    expect(resolveRange({ from: '2025-03-01', to: '2025-03-01' }, '2025-03-10')).toEqual({
      from: '2025-03-01',
      to: '2025-03-01',
    });
    expect(fieldsOf({ from: '2024-01-01', to: '2024-12-31' })).toEqual([]);
    expect(fieldsOf({ from: '2024-01-01', to: '2025-01-01' })).toEqual(['to']);
  });

  it('refuses from after to, impossible dates and other shapes, naming the field', () => {
    expect(fieldsOf({ from: '2025-03-02', to: '2025-03-01' })).toEqual(['from']);
    expect(fieldsOf({ from: '2025-03-11' })).toEqual(['from']);
    expect(fieldsOf({ from: '2025-02-30', to: '2025-03-01' })).toEqual(['from']);
    expect(fieldsOf({ from: '2025-01-01', to: '2023-02-29' })).toEqual(['to']);
    expect(fieldsOf({ from: '2025-13-01', to: '2025-14-01' })).toEqual(['to', 'from']);
    expect(dayNumber('2024-02-29')).not.toBeNull();
    expect(dayNumber('2024-2-29')).toBeNull();
    expect(dayNumber(' 2024-02-29')).toBeNull();
  });

  it("knows today's date in a zone", () => {
    const instant = new Date('2025-02-28T15:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2025-02-28');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2025-03-01');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2025-02-28');
  });

  it('rounds averages half up, exactly, and 0 without a denominator', () => {
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(7, 3)).toBe(2);
    expect(divideRoundHalfUp(8, 3)).toBe(3);
    expect(divideRoundHalfUp(1999 + 2000, 2)).toBe(2000);
    expect(divideRoundHalfUp(0, 4)).toBe(0);
    expect(divideRoundHalfUp(100, 0)).toBe(0);
  });

  it('gives rates to 4 decimals, halves up, null without a whole', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(1, 8)).toBe(0.125);
    expect(rate(1, 20_000)).toBe(0.0001); // 0.00005 rounds up
    expect(rate(4, 3)).toBe(1.3333);
    expect(rate(0, 5)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });
});
