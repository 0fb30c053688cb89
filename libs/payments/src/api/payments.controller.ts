import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OrderView } from '@silkcart/ordering';
import { Ctx, Idempotency, Public, RawBodyCarrier, RequestContext } from '@silkcart/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplyPaymentEvent } from '../application/apply-payment-event.use-case';
import { CapturePayPalOrder } from '../application/capture-paypal-order.use-case';
import { PayPalOrderView, StripeSessionView } from '../application/payments.views';
import { StartCheckout } from '../application/start-checkout.use-case';
import { InvalidWebhook } from '../domain/payments.errors';
import type { Provider } from '../domain/payment';
import { OrderTokenDto, PayPalOrderDto, StripeSessionDto } from './payments.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: '1-255 characters; replays the first answer for 24 h',
};

/** A replayed answer says so, as on every route that honours Idempotency-Key. */
function replayed(reply: FastifyReply, started: { replayed: boolean }) {
  if (started.replayed) void reply.header('idempotent-replayed', 'true');
}

function idempotencyKey(req: FastifyRequest) {
  const header = req.headers['idempotency-key'];
  return {
    value: Array.isArray(header) ? header[0] : header,
    requestHash: Idempotency.hash(req.method, req.url.split('?')[0], req.body),
  };
}

/**
 * The customer's checkout (anyone holding the order's token; the store is the order's) and
 * the providers' webhooks (verified by signature before anything is read).
 */
@ApiTags('payments')
@Public({ transaction: false })
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly startCheckout: StartCheckout,
    private readonly capturePayPal: CapturePayPalOrder,
    private readonly applyEvent: ApplyPaymentEvent,
  ) {}

  @Post('stripe/session')
  @Public({ transaction: false, storefrontWrite: true })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 201, type: StripeSessionView })
  @ApiResponse({ status: 404, description: 'Unknown order or wrong token' })
  @ApiResponse({ status: 409, description: 'The order is not pending_payment' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key reused with another body' })
  @ApiResponse({ status: 502, description: 'Stripe failed' })
  @ApiResponse({ status: 503, description: 'Stripe is not configured' })
  async stripeSession(
    @Ctx() ctx: RequestContext,
    @Body() dto: StripeSessionDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StripeSessionView> {
    const { orderId, orderToken, successUrl, cancelUrl } = dto;
    const started = await this.startCheckout.execute(
      ctx,
      'stripe',
      { orderId, orderToken, returnUrl: successUrl, cancelUrl },
      idempotencyKey(req),
    );
    replayed(reply, started);
    return { sessionId: started.checkout.checkoutId, url: started.checkout.url };
  }

  @Post('stripe/webhook')
  @HttpCode(200)
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiResponse({ status: 200, description: 'Applied, a repeat, or a type we do not act on' })
  @ApiResponse({ status: 400, description: 'Missing, forged or too old signature' })
  stripeWebhook(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    return this.webhook(ctx, 'stripe', req);
  }

  @Post('paypal/orders')
  @Public({ transaction: false, storefrontWrite: true })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 201, type: PayPalOrderView })
  @ApiResponse({ status: 404, description: 'Unknown order or wrong token' })
  @ApiResponse({ status: 409, description: 'The order is not pending_payment' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key reused with another body' })
  @ApiResponse({ status: 502, description: 'PayPal failed' })
  @ApiResponse({ status: 503, description: 'PayPal is not configured' })
  async paypalOrder(
    @Ctx() ctx: RequestContext,
    @Body() dto: PayPalOrderDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PayPalOrderView> {
    const { orderId, orderToken, returnUrl, cancelUrl } = dto;
    const started = await this.startCheckout.execute(
      ctx,
      'paypal',
      { orderId, orderToken, returnUrl, cancelUrl },
      idempotencyKey(req),
    );
    replayed(reply, started);
    return { paypalOrderId: started.checkout.checkoutId, approveUrl: started.checkout.url };
  }

  @Post('paypal/orders/:paypalOrderId/capture')
  @Public({ transaction: false, storefrontWrite: true })
  @HttpCode(200)
  @ApiParam({ name: 'paypalOrderId' })
  @ApiResponse({ status: 200, type: OrderView })
  @ApiResponse({ status: 402, description: 'PayPal declined the capture; the order stays payable' })
  @ApiResponse({ status: 404, description: 'Unknown order, wrong token or another order' })
  @ApiResponse({ status: 502, description: 'PayPal failed' })
  @ApiResponse({ status: 503, description: 'PayPal is not configured' })
  paypalCapture(
    @Ctx() ctx: RequestContext,
    @Param('paypalOrderId') paypalOrderId: string,
    @Body() dto: OrderTokenDto,
  ): Promise<OrderView> {
    return this.capturePayPal.execute(ctx, paypalOrderId.slice(0, 64), dto);
  }

  @Post('paypal/webhook')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'Applied, a repeat, or a type we do not act on' })
  @ApiResponse({ status: 400, description: 'PayPal did not verify the signature' })
  paypalWebhook(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    return this.webhook(ctx, 'paypal', req);
  }

  private async webhook(ctx: RequestContext, provider: Provider, req: FastifyRequest) {
    const rawBody = (req as FastifyRequest & RawBodyCarrier).rawBody;
    if (!rawBody) throw new InvalidWebhook('Send the event as application/json');
    const outcome = await this.applyEvent.execute(ctx, provider, {
      rawBody,
      headers: req.headers,
    });
    return { received: true, outcome };
  }
}
