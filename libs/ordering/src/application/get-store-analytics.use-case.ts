import { Injectable, Optional } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { EmailDeliveryStats, ReadReplica, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import {
  type AnalyticsInterval,
  divideRoundHalfUp,
  rate,
  resolveRange,
  todayIn,
} from '../domain/analytics';
import { AnalyticsRepository } from '../infrastructure/analytics.repository';
import type { StoreAnalyticsView, TopProductView } from './analytics.views';

const TOP_PRODUCTS = 10;

/**
 * A store's figures over a range of days in its time zone: totals, a series per day, ISO week
 * or month, and the best sellers. Emails are the notifications context's: asked through the
 * shared `EmailDeliveryStats` port, null when the app runs without it. The figures are read
 * from the read replica when there is one (they may trail the primary by its replay lag).
 */
@Injectable()
export class GetStoreAnalytics {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly tenancy: TenancyFacade,
    private readonly catalog: CatalogFacade,
    private readonly replica: ReadReplica,
    @Optional() private readonly emails?: EmailDeliveryStats,
  ) {}

  async execute(
    ctx: RequestContext,
    query: { from?: string; to?: string; interval?: AnalyticsInterval },
  ): Promise<StoreAnalyticsView> {
    const settings = await this.tenancy.settingsOf(ctx);
    const timeZone = settings.timezone;
    const interval = query.interval ?? 'day';
    const { from, to } = resolveRange(query, todayIn(timeZone));
    // Read-only queries over the rollups: on the replica when configured.
    const figures = this.replica.configured ? this.replica.context(ctx) : ctx;
    const { start, end } = await this.analytics.bounds(figures, from, to, timeZone);
    const periods = await this.analytics.periods(figures, {
      start,
      end,
      from,
      to,
      timeZone,
      interval,
    });
    const sum = (pick: (p: (typeof periods)[number]) => number) =>
      periods.reduce((s, p) => s + pick(p), 0);
    const grossSales = sum((p) => p.grossSales);
    const orders = sum((p) => p.orders);
    const refunds = sum((p) => p.refunds);
    const succeeded = sum((p) => p.paymentsSucceeded);
    const emails = this.emails ? await this.emails.counts(figures, start, end) : null;
    return {
      currency: settings.currency,
      from,
      to,
      interval,
      totals: {
        grossSales,
        orders,
        averageOrderValue: divideRoundHalfUp(grossSales, orders),
        refunds,
        netSales: grossSales - refunds,
        unitsSold: sum((p) => p.units),
        carts: sum((p) => p.carts),
        checkoutConversion: rate(
          sum((p) => p.ordersCreated),
          sum((p) => p.carts),
        ),
        paymentSuccessRate: rate(succeeded, succeeded + sum((p) => p.paymentsFailed)),
        emailDeliveryRate: emails ? rate(emails.sent, emails.sent + emails.failed) : null,
      },
      series: periods.map((p) => ({
        period: p.period,
        grossSales: p.grossSales,
        orders: p.orders,
        refunds: p.refunds,
      })),
      topProducts: await this.topProducts(ctx, figures, start, end),
    };
  }

  /** The 10 best sellers by units, then sales, then id (variants of a deleted product drop out). */
  private async topProducts(ctx: RequestContext, figures: RequestContext, start: Date, end: Date) {
    const sales = await this.analytics.variantSales(figures, start, end);
    if (sales.length === 0) return [];
    const productOf = await this.catalog.productsOfVariants(
      ctx,
      sales.map((s) => s.variantId),
    );
    const byProduct = new Map<string, { unitsSold: number; grossSales: number }>();
    for (const s of sales) {
      const productId = productOf.get(s.variantId);
      if (!productId) continue;
      const p = byProduct.get(productId) ?? { unitsSold: 0, grossSales: 0 };
      p.unitsSold += s.units;
      p.grossSales += s.grossSales;
      byProduct.set(productId, p);
    }
    const best = [...byProduct.entries()]
      .filter(([, p]) => p.unitsSold > 0)
      .sort(
        ([idA, a], [idB, b]) =>
          b.unitsSold - a.unitsSold ||
          b.grossSales - a.grossSales ||
          (idA < idB ? -1 : idA > idB ? 1 : 0),
      )
      .slice(0, TOP_PRODUCTS);
    const titles = await this.catalog.productTitles(
      ctx,
      best.map(([id]) => id),
    );
    return best
      .filter(([id]) => titles.has(id))
      .map(([productId, p]): TopProductView => ({
        productId,
        title: titles.get(productId) as string,
        unitsSold: p.unitsSold,
        grossSales: p.grossSales,
      }));
  }
}
