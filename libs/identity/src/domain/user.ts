export type UserId = string & { readonly __brand: 'UserId' };

/** An account: signs in with its email (unique regardless of case) and password. */
export class User {
  constructor(
    readonly id: UserId,
    public email: string,
    public name: string,
    public passwordHash: string,
    readonly createdAt: Date,
    public updatedAt: Date,
  ) {}

  static normalizeEmail(email: string): string {
    return email.trim();
  }

  rename(name: string): void {
    this.name = name.trim();
    this.updatedAt = new Date();
  }

  changePasswordHash(hash: string): void {
    this.passwordHash = hash;
    this.updatedAt = new Date();
  }
}
