import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import type { ConnectAccountView } from '../application/payments.views';

const ACCOUNT = `account_id as "accountId", charges_enabled as "chargesEnabled",
  payouts_enabled as "payoutsEnabled", details_submitted as "detailsSubmitted"`;

/** Each store's Stripe connected account. */
@Injectable()
export class StripeAccountRepository {
  async find(ctx: RequestContext): Promise<ConnectAccountView | null> {
    const rows: ConnectAccountView[] = await ctx.manager.query(
      `select ${ACCOUNT} from stripe_account where store_id = $1`,
      [ctx.storeId],
    );
    return rows[0] ?? null;
  }

  /** Serialises two onboarding calls of one store (the second reuses the first's account). */
  async lockStore(ctx: RequestContext): Promise<void> {
    await ctx.manager.query(`select pg_advisory_xact_lock(hashtext('stripe-connect:' || $1))`, [
      ctx.storeId,
    ]);
  }

  async save(ctx: RequestContext, account: ConnectAccountView): Promise<void> {
    await ctx.manager.query(
      `insert into stripe_account (store_id, account_id, charges_enabled, payouts_enabled, details_submitted)
       values ($1, $2, $3, $4, $5)
       on conflict (store_id) do update set charges_enabled = excluded.charges_enabled,
         payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted,
         updated_at = now()`,
      [
        ctx.storeId,
        account.accountId,
        account.chargesEnabled,
        account.payoutsEnabled,
        account.detailsSubmitted,
      ],
    );
  }

  /** Across stores (a Connect event): the store that owns an account. */
  async storeOf(ctx: RequestContext, accountId: string): Promise<string | null> {
    const rows: Array<{ store_id: string }> = await ctx.manager.query(
      `select store_id from stripe_account where account_id = $1`,
      [accountId],
    );
    return rows[0]?.store_id ?? null;
  }
}
