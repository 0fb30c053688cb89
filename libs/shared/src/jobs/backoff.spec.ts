import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles the delay after every failed attempt', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits more than an hour', () => {
    expect(backoffDelay(40, 1000)).toBe(3_600_000);
  });
});
