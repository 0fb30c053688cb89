import { Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { hashOpaqueToken, newOpaqueToken } from '@silkcart/shared';

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
    return newOpaqueToken();
  }

  hashToken(token: string): string {
    return hashOpaqueToken(token);
  }
}
