import { Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Password hashing (argon2id) and opaque tokens (256 random bits, stored as SHA-256). */
@Injectable()
export class Secrets {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly dummyHash = hash('silkcart-timing-equaliser', ARGON2);

  hashPassword(password: string): Promise<string> {
    return hash(password, ARGON2);
  }

  async verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
    const target = passwordHash ?? (await this.dummyHash);
    const ok = await verify(target, password).catch(() => false);
    return ok && passwordHash !== null;
  }

  newToken(): string {
    return randomBytes(32).toString('base64url');
  }

  hashToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
