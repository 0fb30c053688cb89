/** Refresh tokens live 30 days; each use spends one and issues the next of the same login. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const RESET_TOKEN_TTL_MS = 3600 * 1000;
export const ACCESS_TOKEN_TTL_S = 900;

export type SpendOutcome = 'ok' | 'reused' | 'expired';

/** One refresh token of a login (a chain of rotations that started with one sign-in). */
export class RefreshToken {
  constructor(
    readonly id: string,
    readonly userId: string,
    readonly loginId: string,
    readonly tokenHash: string,
    readonly expiresAt: Date,
    public usedAt: Date | null,
    public revokedAt: Date | null,
  ) {}

  /**
   * Spends the token. A token already spent or revoked is a reuse: someone holds a copy,
   * so the caller revokes the whole login.
   */
  spend(now: Date): SpendOutcome {
    if (this.usedAt || this.revokedAt) return 'reused';
    if (this.expiresAt <= now) return 'expired';
    this.usedAt = now;
    return 'ok';
  }
}
