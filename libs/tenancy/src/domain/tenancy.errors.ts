import { DomainError } from '@silkcart/shared';

export class StoreSlugTaken extends DomainError {
  readonly code = 'TENANCY.SLUG_TAKEN';
  readonly kind = 'conflict';
  constructor() {
    super('A store with this slug already exists', [{ field: 'slug', message: 'slug is taken' }]);
  }
}

export class StoreNotFound extends DomainError {
  readonly code = 'TENANCY.STORE_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such store');
  }
}

export class UserNotRegistered extends DomainError {
  readonly code = 'TENANCY.USER_NOT_REGISTERED';
  readonly kind = 'not_found';
  constructor() {
    super('No registered user has this email', [
      { field: 'email', message: 'no registered user has this email' },
    ]);
  }
}

export class MemberNotFound extends DomainError {
  readonly code = 'TENANCY.MEMBER_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('This user is not a member of the store');
  }
}

export class AlreadyMember extends DomainError {
  readonly code = 'TENANCY.ALREADY_MEMBER';
  readonly kind = 'conflict';
  constructor() {
    super('This user is already a member of the store');
  }
}

export class LastStoreAdmin extends DomainError {
  readonly code = 'TENANCY.LAST_STORE_ADMIN';
  readonly kind = 'conflict';
  constructor() {
    super('A store must keep at least one StoreAdmin');
  }
}
