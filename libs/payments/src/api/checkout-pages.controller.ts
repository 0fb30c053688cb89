import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Storefront } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { CapturePayPalOrder } from '../application/capture-paypal-order.use-case';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, store: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} · ${escape(store)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.5rem}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(message)}</p><p>${escape(store)}</p></body></html>`;
}

/** Where a customer lands after Stripe Checkout; the webhook, not this page, marks the order paid. */
@ApiTags('storefront')
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/checkout')
export class CheckoutPagesController {
  constructor(
    private readonly tenancy: TenancyFacade,
    private readonly paypal: CapturePayPalOrder,
  ) {}

  @Get('success')
  @Storefront({ withoutPublishableKey: true })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: false, description: 'PayPal: its order id, captured here' })
  @ApiResponse({ status: 200, description: 'A small HTML page: thank you' })
  async success(@Ctx() ctx: RequestContext, @Query('token') token?: string): Promise<string> {
    const store = await this.tenancy.settingsOf(ctx);
    const paypal = typeof token === 'string' ? await this.paypal.onReturn(ctx, token) : 'pending';
    if (paypal === 'declined') {
      return page(
        'Payment not completed',
        store.name,
        'PayPal declined the payment. No money was taken; you can pay the order again.',
      );
    }
    return page(
      'Thank you for your order',
      store.name,
      paypal === 'paid'
        ? 'Your payment is received. You will get an email with your order.'
        : 'Your payment is being confirmed. You will get an email once it is.',
    );
  }

  @Get('cancel')
  @Storefront({ withoutPublishableKey: true })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'A small HTML page: the payment was not made' })
  async cancel(@Ctx() ctx: RequestContext): Promise<string> {
    const store = await this.tenancy.settingsOf(ctx);
    return page(
      'Payment cancelled',
      store.name,
      'No payment was taken. Your order is kept for a while: you can pay it from the shop.',
    );
  }
}
