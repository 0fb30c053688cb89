import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, RequestContext } from '@silkcart/shared';
import { NotConnected } from '../domain/payments.errors';
import { StripeAccountRepository } from '../infrastructure/stripe-account.repository';
import type { ConnectAccountView, ConnectOnboardingView } from './payments.views';
import { StripeGateway } from '../infrastructure/stripe.gateway';

/**
 * Onboards the store onto Stripe Connect: an Express account made once (a second call, or
 * two at once, reuse it; Stripe's idempotency key is derived from the store) and a fresh
 * account link to finish onboarding.
 */
@Injectable()
export class ConnectStripeAccount {
  constructor(
    private readonly stripe: StripeGateway,
    private readonly accounts: StripeAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { refreshUrl?: string; returnUrl?: string },
  ): Promise<ConnectOnboardingView> {
    this.stripe.assertConfigured();
    await this.accounts.lockStore(ctx);
    let account = await this.accounts.find(ctx);
    if (!account) {
      const created = await this.stripe.createAccount(
        ctx.storeId as string,
        `silkcart-connect-${ctx.storeId}`,
      );
      account = {
        accountId: created.id,
        chargesEnabled: created.charges_enabled ?? false,
        payoutsEnabled: created.payouts_enabled ?? false,
        detailsSubmitted: created.details_submitted ?? false,
      };
      await this.accounts.save(ctx, account);
    }
    // Where the merchant lands after (or to restart) onboarding: the dashboard says where.
    const back = `${this.config.publicUrl}/`;
    const onboardingUrl = await this.stripe.onboardingLink(
      account.accountId,
      input.refreshUrl ?? back,
      input.returnUrl ?? back,
    );
    return { accountId: account.accountId, onboardingUrl };
  }
}

/** The store's connected account as Stripe has it now (kept in step for later reads). */
@Injectable()
export class GetStripeAccount {
  constructor(
    private readonly stripe: StripeGateway,
    private readonly accounts: StripeAccountRepository,
  ) {}

  async execute(ctx: RequestContext): Promise<ConnectAccountView> {
    const known = await this.accounts.find(ctx);
    if (!known) throw new NotConnected();
    this.stripe.assertConfigured();
    const live = await this.stripe.retrieveAccount(known.accountId);
    const account = {
      accountId: live.id,
      chargesEnabled: live.charges_enabled ?? false,
      payoutsEnabled: live.payouts_enabled ?? false,
      detailsSubmitted: live.details_submitted ?? false,
    };
    await this.accounts.save(ctx, account);
    return account;
  }
}
