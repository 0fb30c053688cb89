import { DomainError } from '@silkcart/shared';

export class WebhookNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.WEBHOOK_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such webhook in this store');
  }
}

export class WebhookDeliveryNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.WEBHOOK_DELIVERY_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such delivery of this webhook');
  }
}
