export { PaymentsModule } from './payments.module';
export { PaymentFailed } from './domain/payment-events';
export type { PaymentFailedData } from './domain/payment-events';
