import { RefreshToken } from './refresh-token';

const token = (
  over: Partial<{ expiresAt: Date; usedAt: Date | null; revokedAt: Date | null }> = {},
) =>
  new RefreshToken(
    'id',
    'user',
    'login',
    'hash',
    over.expiresAt ?? new Date(Date.now() + 60_000),
    over.usedAt ?? null,
    over.revokedAt ?? null,
  );

describe('RefreshToken.spend', () => {
  it('spends a fresh token once', () => {
    const t = token();
    const now = new Date();
    expect(t.spend(now)).toBe('ok');
    expect(t.usedAt).toBe(now);
  });

  it('reports a second use as reuse', () => {
    const t = token();
    t.spend(new Date());
    expect(t.spend(new Date())).toBe('reused');
  });

  it('reports a revoked token as reuse', () => {
    expect(token({ revokedAt: new Date() }).spend(new Date())).toBe('reused');
  });

  it('refuses an expired token', () => {
    expect(token({ expiresAt: new Date(Date.now() - 1) }).spend(new Date())).toBe('expired');
  });
});
