import { Injectable } from '@nestjs/common';
import type { Provider } from '../domain/payment';
import { PayPalGateway } from '../infrastructure/paypal.gateway';
import { StripeGateway } from '../infrastructure/stripe.gateway';
import type { PaymentGateway } from './payment-gateway';

/** The adapter of each provider: a payment is refunded by the provider that took it. */
@Injectable()
export class PaymentGateways {
  constructor(
    readonly stripe: StripeGateway,
    readonly paypal: PayPalGateway,
  ) {}

  of(provider: Provider): PaymentGateway {
    return provider === 'stripe' ? this.stripe : this.paypal;
  }
}
