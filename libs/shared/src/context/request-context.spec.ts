import { RequestContext, StoreId, UserId } from './request-context';

describe('RequestContext', () => {
  it('round-trips through a job envelope', () => {
    const ctx = RequestContext.forUser('req-1', 'u-1' as UserId).inStore('s-1' as StoreId, 'Staff');
    const rebuilt = RequestContext.forJob(ctx.toEnvelope());
    expect(rebuilt.storeId).toBe('s-1');
    expect(rebuilt.actor).toEqual({ kind: 'user', id: 'u-1' });
    expect(rebuilt.requestId).toBe('req-1');
  });

  it('treats a job without an actor as the system', () => {
    expect(RequestContext.forJob({ storeId: null, actorId: null, requestId: 'r' }).actor.kind).toBe(
      'system',
    );
  });

  it('refuses to hand out a manager outside a transaction', () => {
    expect(() => RequestContext.anonymous('r').manager).toThrow(/No transaction/);
  });
});
