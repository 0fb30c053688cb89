import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, Ctx, Idempotent, RequestContext } from '@silkcart/shared';
import { ConnectAccountView, ConnectOnboardingView } from '../application/payments.views';
import { ConnectStripeAccount, GetStripeAccount } from '../application/stripe-connect.use-cases';
import { ConnectDto } from './payments.dto';

@ApiTags('payments')
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/payments/stripe/connect')
export class StripeConnectController {
  constructor(
    private readonly connect: ConnectStripeAccount,
    private readonly account: GetStripeAccount,
  ) {}

  @Post()
  @Allow('store.manage')
  @Idempotent()
  @Audit('stripe_account.connected')
  @ApiResponse({ status: 201, type: ConnectOnboardingView })
  @ApiResponse({ status: 502, description: 'Stripe failed' })
  @ApiResponse({ status: 503, description: 'Stripe is not configured' })
  onboard(@Ctx() ctx: RequestContext, @Body() dto: ConnectDto): Promise<ConnectOnboardingView> {
    return this.connect.execute(ctx, dto);
  }

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: ConnectAccountView })
  @ApiResponse({ status: 404, description: 'Never connected' })
  @ApiResponse({ status: 502, description: 'Stripe failed' })
  status(@Ctx() ctx: RequestContext): Promise<ConnectAccountView> {
    return this.account.execute(ctx);
  }
}
