import { Idempotency, IDEMPOTENCY_KEY } from './idempotency';

describe('Idempotency', () => {
  it('hashes the same request to the same value and another body to another', () => {
    const a = Idempotency.hash('POST', '/orders', { items: [1] });
    expect(Idempotency.hash('POST', '/orders', { items: [1] })).toBe(a);
    expect(Idempotency.hash('POST', '/orders', { items: [2] })).not.toBe(a);
    expect(Idempotency.hash('POST', '/other', { items: [1] })).not.toBe(a);
  });

  it('accepts 1-255 visible ASCII characters as a key', () => {
    expect(IDEMPOTENCY_KEY.test('order-2026-11-21_abc')).toBe(true);
    expect(IDEMPOTENCY_KEY.test('x'.repeat(255))).toBe(true);
    expect(IDEMPOTENCY_KEY.test('')).toBe(false);
    expect(IDEMPOTENCY_KEY.test('x'.repeat(256))).toBe(false);
    expect(IDEMPOTENCY_KEY.test('has space')).toBe(false);
  });
});
