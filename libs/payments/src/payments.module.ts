import { Module } from '@nestjs/common';
import { OrderingModule } from '@silkcart/ordering';
import { TenancyModule } from '@silkcart/tenancy';
import { CheckoutPagesController } from './api/checkout-pages.controller';
import { PaymentsController } from './api/payments.controller';
import { RefundsController } from './api/refunds.controller';
import { StripeConnectController } from './api/stripe-connect.controller';
import { ApplyPaymentEvent } from './application/apply-payment-event.use-case';
import { CapturePayPalOrder } from './application/capture-paypal-order.use-case';
import { ExecuteRefundJob } from './application/execute-refund.job';
import { PaymentGateways } from './application/payment-gateways';
import { OrderStore } from './application/order-store';
import { PaymentLedger } from './application/payment-ledger';
import { RefundCancelledOrder } from './application/refund-cancelled-order.subscriber';
import { RefundOrder } from './application/refund-order.use-case';
import { StartCheckout } from './application/start-checkout.use-case';
import { ConnectStripeAccount, GetStripeAccount } from './application/stripe-connect.use-cases';
import { PaymentRepository } from './infrastructure/payment.repository';
import { PayPalGateway } from './infrastructure/paypal.gateway';
import { StripeAccountRepository } from './infrastructure/stripe-account.repository';
import { StripeGateway } from './infrastructure/stripe.gateway';

/** Taking money: Stripe (Connect included) and PayPal checkouts, webhooks, refunds. */
@Module({
  imports: [OrderingModule, TenancyModule],
  controllers: [
    PaymentsController,
    CheckoutPagesController,
    RefundsController,
    StripeConnectController,
  ],
  providers: [
    StripeGateway,
    PayPalGateway,
    PaymentGateways,
    PaymentRepository,
    StripeAccountRepository,
    PaymentLedger,
    OrderStore,
    StartCheckout,
    CapturePayPalOrder,
    ApplyPaymentEvent,
    RefundOrder,
    ExecuteRefundJob,
    RefundCancelledOrder,
    ConnectStripeAccount,
    GetStripeAccount,
  ],
})
export class PaymentsModule {}
