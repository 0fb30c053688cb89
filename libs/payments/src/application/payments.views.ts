import { ApiProperty } from '@nestjs/swagger';

export class StripeSessionView {
  @ApiProperty({ example: 'cs_test_a1b2' }) sessionId: string;
  @ApiProperty({ description: 'Stripe Checkout: send the customer there' }) url: string;
}

export class PayPalOrderView {
  @ApiProperty() paypalOrderId: string;
  @ApiProperty({ description: 'Where the payer approves the payment' }) approveUrl: string;
}

export class ConnectOnboardingView {
  @ApiProperty({ example: 'acct_1A2b' }) accountId: string;
  @ApiProperty({ description: 'Stripe-hosted onboarding; the link expires' })
  onboardingUrl: string;
}

export class ConnectAccountView {
  @ApiProperty() accountId: string;
  @ApiProperty() chargesEnabled: boolean;
  @ApiProperty() payoutsEnabled: boolean;
  @ApiProperty() detailsSubmitted: boolean;
}
