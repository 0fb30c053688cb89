import { Injectable } from '@nestjs/common';
import { CatalogFacade, PurchasableVariant } from '@silkcart/catalog';
import type { RequestContext } from '@silkcart/shared';
import { InvalidOrderItems } from '../domain/ordering.errors';
import type { CartItemView, OrderItemView } from './ordering.views';

export interface RequestedLine {
  variantId: string;
  quantity: number;
}

/**
 * Lines priced from the catalog as it is now (never from the client): a variant that is
 * unknown, of another store, or of a product not on sale is a 400 naming the line.
 */
@Injectable()
export class OrderLines {
  constructor(private readonly catalog: CatalogFacade) {}

  async price(
    ctx: RequestContext,
    lines: RequestedLine[],
    field: (index: number) => string,
  ): Promise<OrderItemView[]> {
    const variants = await this.catalog.purchasable(
      ctx,
      lines.map((l) => l.variantId),
    );
    const errors = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => !variants.has(line.variantId))
      .map(({ i }) => ({ field: field(i), message: 'not a variant for sale in this store' }));
    if (errors.length) throw new InvalidOrderItems(errors);
    return lines.map((line) =>
      toItem(variants.get(line.variantId) as PurchasableVariant, line.quantity),
    );
  }

  /** The lines that can still be sold, quietly leaving out the others (for showing a cart). */
  async priceAvailable(
    ctx: RequestContext,
    lines: Array<RequestedLine & { id: string }>,
  ): Promise<CartItemView[]> {
    const variants = await this.catalog.purchasable(
      ctx,
      lines.map((l) => l.variantId),
    );
    return lines
      .filter((l) => variants.has(l.variantId))
      .map((l) => ({
        id: l.id,
        ...toItem(variants.get(l.variantId) as PurchasableVariant, l.quantity),
      }));
  }
}

function toItem(v: PurchasableVariant, quantity: number): OrderItemView {
  return {
    variantId: v.variantId,
    sku: v.sku,
    title: v.title,
    unitPrice: v.price,
    quantity,
    lineTotal: v.price * quantity,
  };
}
