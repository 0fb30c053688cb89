import { assertTransition, canTransition, ORDER_STATUSES, OrderStatus } from './order-status';
import { InvalidOrderTransition } from './ordering.errors';

describe('order lifecycle', () => {
  const allowed: Array<[OrderStatus, OrderStatus]> = [
    ['pending_payment', 'paid'],
    ['pending_payment', 'cancelled'],
    ['pending_payment', 'expired'],
    ['paid', 'fulfilled'],
    ['paid', 'cancelled'],
    ['paid', 'refunded'],
    ['paid', 'partially_refunded'],
    ['fulfilled', 'refunded'],
    ['fulfilled', 'partially_refunded'],
    ['partially_refunded', 'refunded'],
    ['partially_refunded', 'partially_refunded'],
  ];

  it('allows exactly the contract’s transitions', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('refuses any other transition with a 409 error', () => {
    expect(() => assertTransition('pending_payment', 'fulfilled')).toThrow(InvalidOrderTransition);
    expect(() => assertTransition('expired', 'paid')).toThrow(InvalidOrderTransition);
    expect(() => assertTransition('fulfilled', 'cancelled')).toThrow(InvalidOrderTransition);
  });
});
