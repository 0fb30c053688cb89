import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret of 256 random bits (refresh, reset and order tokens). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How such a secret is stored: SHA-256 is enough for 256 random bits; the token never is. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
