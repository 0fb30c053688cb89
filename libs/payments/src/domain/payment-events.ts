import { defineEvent } from '@silkcart/shared';
import type { Provider } from './payment';

/** A provider reported a payment attempt failed; the order stays payable. */
export interface PaymentFailedData {
  orderId: string;
  paymentId: string;
  provider: Provider;
  amount: number;
  reason: string | null;
}

export const PaymentFailed = defineEvent<PaymentFailedData>('payments.payment_failed');
