import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { IdentityFacade } from '@silkcart/identity';
import { OrderingFacade } from '@silkcart/ordering';
import { RequestContext, TenantTx } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import { exportCells, type ExportType } from '../domain/export';

/** Rows are read in keyset pages of this many, each page in a short transaction of its own. */
export const EXPORT_PAGE_ROWS = 1000;

interface KeysetPage {
  rows: object[];
  next: string | null;
}

/**
 * The rows of an export, from the contexts that own them (through their facades), as pages
 * of cells in the contract's columns. No transaction is held between pages, and only one
 * page is in memory at a time.
 */
@Injectable()
export class ExportRows {
  constructor(
    private readonly tx: TenantTx,
    private readonly ordering: OrderingFacade,
    private readonly catalog: CatalogFacade,
    private readonly identity: IdentityFacade,
    private readonly tenancy: TenancyFacade,
  ) {}

  async *pages(
    ctx: RequestContext,
    type: ExportType,
    since: string | null,
  ): AsyncGenerator<string[][]> {
    const storeCurrency = await this.tx.run(ctx, (c) => this.tenancy.currencyOf(c));
    // Customers whose order count changed belong to "changed since" too.
    const alsoIds =
      type === 'customers' && since
        ? await this.tx.run(ctx, (c) => this.ordering.customersOrderingSince(c, since))
        : [];
    let after: string | null = null;
    do {
      const query = { since, after, limit: EXPORT_PAGE_ROWS };
      const page: KeysetPage = await this.tx.run(ctx, (c) => this.page(c, type, query, alsoIds));
      after = page.next;
      if (page.rows.length === 0) break;
      yield page.rows.map((row) => {
        const own = (row as { currency?: unknown }).currency;
        return exportCells(type, row, typeof own === 'string' ? own : storeCurrency);
      });
    } while (after);
  }

  private async page(
    ctx: RequestContext,
    type: ExportType,
    query: { since: string | null; after: string | null; limit: number },
    alsoIds: string[],
  ): Promise<KeysetPage> {
    switch (type) {
      case 'orders':
        return this.ordering.ordersForExport(ctx, query);
      case 'order-items':
        return this.ordering.orderItemsForExport(ctx, query);
      case 'products':
        return this.catalog.variantsForExport(ctx, query);
      case 'customers': {
        const page = await this.identity.customersForExport(ctx, { ...query, alsoIds });
        const counts = await this.ordering.orderCountsByCustomer(
          ctx,
          page.rows.map((c) => c.id),
        );
        return {
          rows: page.rows.map((c) => ({ ...c, ordersCount: counts.get(c.id) ?? 0 })),
          next: page.next,
        };
      }
    }
  }
}
