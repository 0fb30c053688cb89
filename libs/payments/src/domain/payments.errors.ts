import { DomainError, FieldError } from '@silkcart/shared';

export class ProviderNotConfigured extends DomainError {
  readonly code = 'PAYMENTS.PROVIDER_NOT_CONFIGURED';
  readonly kind = 'unavailable';
  constructor(provider: string, variables: string[]) {
    super(`${provider} is not configured: set ${variables.join(' and ')}`);
  }
}

/** The provider failed, timed out or answered what cannot be used. */
export class ProviderFailed extends DomainError {
  readonly code = 'PAYMENTS.PROVIDER_FAILED';
  readonly kind = 'bad_gateway';
  constructor(provider: string, detail: string) {
    super(`${provider} failed: ${detail}`);
  }
}

/** The provider cannot take this order as it is (its currency, its amount): not a failure of ours or theirs. */
export class ProviderRefusedOrder extends DomainError {
  readonly code = 'PAYMENTS.PROVIDER_REFUSED_ORDER';
  readonly kind = 'unprocessable';
  constructor(provider: string, detail: string) {
    super(`${provider} cannot take this order: ${detail}`);
  }
}

export class PaymentDeclined extends DomainError {
  readonly code = 'PAYMENTS.PAYMENT_DECLINED';
  readonly kind = 'payment_required';
  constructor(detail = 'The payment was declined; the order can still be paid') {
    super(detail);
  }
}

/** Unknown order, a wrong token, or a checkout of another order: never say which. */
export class CheckoutNotFound extends DomainError {
  readonly code = 'PAYMENTS.ORDER_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such order');
  }
}

export class OrderNotPayable extends DomainError {
  readonly code = 'PAYMENTS.ORDER_NOT_PAYABLE';
  readonly kind = 'conflict';
  constructor(status: string) {
    super(`The order is ${status}, not pending_payment`);
  }
}

export class OrderNotPaid extends DomainError {
  readonly code = 'PAYMENTS.ORDER_NOT_PAID';
  readonly kind = 'conflict';
  constructor() {
    super('The order has no payment to refund');
  }
}

export class RefundTooLarge extends DomainError {
  readonly code = 'PAYMENTS.REFUND_TOO_LARGE';
  readonly kind = 'conflict';
  constructor(left: number) {
    super(`At most ${left} is left to refund`);
  }
}

export class InvalidWebhook extends DomainError {
  readonly code = 'PAYMENTS.INVALID_WEBHOOK';
  readonly kind = 'invalid';
  constructor(detail: string, errors?: FieldError[]) {
    super(detail, errors);
  }
}

export class NotConnected extends DomainError {
  readonly code = 'PAYMENTS.NOT_CONNECTED';
  readonly kind = 'not_found';
  constructor() {
    super('This store has no Stripe connected account');
  }
}
