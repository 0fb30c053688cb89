/** How a failure reads to a caller; the api's exception filter maps each kind to one status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'unsupported_media'
  | 'payment_required'
  | 'rate_limited'
  | 'bad_gateway'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every business error: a stable code, a kind, and a safe message. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  readonly errors?: FieldError[];
  /**
   * When true, the transaction the error leaves still commits: the refusal itself is a change
   * to keep (a refresh token reuse that revokes a login, a spent reset token).
   */
  readonly keepsChanges: boolean = false;
  /** Fields the problem body carries besides the standard ones (a limit and its use). */
  readonly problemFields?: Record<string, unknown>;

  constructor(message: string, errors?: FieldError[]) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** Input that passed the DTO but breaks a rule; carries the offending fields. */
export class InvalidInput extends DomainError {
  readonly code = 'SHARED.INVALID_INPUT';
  readonly kind = 'invalid';
}

export class NotFound extends DomainError {
  readonly code = 'SHARED.NOT_FOUND';
  readonly kind = 'not_found';
}

export class Conflict extends DomainError {
  readonly code = 'SHARED.CONFLICT';
  readonly kind = 'conflict';
}

export class ServiceUnavailable extends DomainError {
  readonly code = 'SHARED.UNAVAILABLE';
  readonly kind = 'unavailable';
}

/** An outside service (a payment provider) failed or answered what we cannot use. */
export class UpstreamFailed extends DomainError {
  readonly code = 'SHARED.UPSTREAM_FAILED';
  readonly kind = 'bad_gateway';
}

export class Unauthenticated extends DomainError {
  readonly code = 'SHARED.UNAUTHENTICATED';
  readonly kind = 'unauthenticated';
}

export class TooManyRequests extends DomainError {
  readonly code = 'SHARED.RATE_LIMITED';
  readonly kind = 'rate_limited';
}

export class Forbidden extends DomainError {
  readonly code = 'SHARED.FORBIDDEN';
  readonly kind = 'forbidden';
}

/**
 * A write would pass the store's plan's hard limit for `limit` (`products`, `members`…): a
 * 403 whose problem names the limit, its use and the hard limit (type `…/plan-limit`).
 */
export class PlanLimitReached extends DomainError {
  readonly code = 'PLAN_LIMIT';
  readonly kind = 'forbidden';
  override readonly problemFields: { limit: string; used: number; hard: number };

  constructor(limit: string, used: number, hard: number) {
    super(`The plan allows ${hard} ${limit}; ${used} are used`);
    this.problemFields = { limit, used, hard };
  }
}
