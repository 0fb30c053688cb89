import { DomainError } from '@silkcart/shared';

export class EmailTaken extends DomainError {
  readonly code = 'IDENTITY.EMAIL_TAKEN';
  readonly kind = 'conflict';
  constructor() {
    super('An account with this email already exists', [
      { field: 'email', message: 'email is taken' },
    ]);
  }
}

/** The same answer for an unknown email and a wrong password: no account enumeration. */
export class InvalidCredentials extends DomainError {
  readonly code = 'IDENTITY.INVALID_CREDENTIALS';
  readonly kind = 'unauthenticated';
  constructor() {
    super('The email or password is wrong');
  }
}

export class InvalidRefreshToken extends DomainError {
  readonly code = 'IDENTITY.INVALID_REFRESH_TOKEN';
  readonly kind = 'unauthenticated';
  constructor() {
    super('The refresh token is not valid');
  }
}

/** A spent token came back: the login is revoked, and that revocation must commit. */
export class RefreshTokenReused extends DomainError {
  readonly code = 'IDENTITY.REFRESH_TOKEN_REUSED';
  readonly kind = 'unauthenticated';
  override readonly keepsChanges = true;
  constructor() {
    super('The refresh token was already used; every token of this login is revoked');
  }
}

export class InvalidResetToken extends DomainError {
  readonly code = 'IDENTITY.INVALID_RESET_TOKEN';
  readonly kind = 'invalid';
  constructor() {
    super('The reset token is not valid, used or expired', [
      { field: 'token', message: 'token is not valid, used or expired' },
    ]);
  }
}

export class CurrentPasswordRequired extends DomainError {
  readonly code = 'IDENTITY.CURRENT_PASSWORD_REQUIRED';
  readonly kind = 'invalid';
  constructor() {
    super('Changing the password needs the current password', [
      { field: 'currentPassword', message: 'currentPassword is required to change the password' },
    ]);
  }
}

export class WrongCurrentPassword extends DomainError {
  readonly code = 'IDENTITY.WRONG_CURRENT_PASSWORD';
  readonly kind = 'invalid';
  constructor() {
    super('The current password is wrong', [
      { field: 'currentPassword', message: 'currentPassword is wrong' },
    ]);
  }
}
