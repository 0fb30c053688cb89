import { defineEvent } from '@silkcart/shared';

export interface UserRegisteredData {
  userId: string;
  email: string;
  name: string;
}

/**
 * A user asked to reset their password. `token` is the single-use secret the user must
 * receive (only its hash is stored); it lives in the outbox until the delivery is pruned.
 */
export interface PasswordResetRequestedData {
  userId: string;
  email: string;
  name: string;
  token: string;
  expiresInMinutes: number;
}

export const UserRegistered = defineEvent<UserRegisteredData>('identity.user_registered');
export const PasswordResetRequested = defineEvent<PasswordResetRequestedData>(
  'identity.password_reset_requested',
);

/** A shopper opened an account with a store (the event's context carries the store). */
export interface CustomerRegisteredData {
  customerId: string;
  email: string;
  name: string;
}

/** A customer asked to reset their password; `token` as for PasswordResetRequested. */
export interface CustomerPasswordResetRequestedData {
  customerId: string;
  email: string;
  name: string;
  storeSlug: string;
  token: string;
  expiresInMinutes: number;
}

export const CustomerRegistered = defineEvent<CustomerRegisteredData>(
  'identity.customer_registered',
);
export const CustomerPasswordResetRequested = defineEvent<CustomerPasswordResetRequestedData>(
  'identity.customer_password_reset_requested',
);
