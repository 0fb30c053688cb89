import { Injectable } from '@nestjs/common';
import { type Page, RequestContext } from '@silkcart/shared';
import { randomUUID } from 'node:crypto';
import {
  CartConsumed,
  CartNotFound,
  PromotionCodeTaken,
  PromotionNotApplicable,
  PromotionNotFound,
} from '../domain/ordering.errors';
import {
  changePromotion,
  createPromotion,
  normalizeCode,
  Promotion,
  PROMOTION_REFUSALS,
  PromotionTerms,
  whyNotApplicable,
} from '../domain/promotion';
import { CartRepository } from '../infrastructure/cart.repository';
import { PromotionRepository } from '../infrastructure/promotion.repository';
import { CartViews } from './cart-view';
import { type CartView, type PromotionView, toPromotionView } from './ordering.views';

// The promotion use cases are small and share the repository; one file keeps them together.

/** A code as a shopper typed it: the store's promotion, or why it does not apply (400/409). */
@Injectable()
export class PromotionCodes {
  constructor(private readonly promotions: PromotionRepository) {}

  async applicable(
    ctx: RequestContext,
    typed: string,
    subtotal: number,
    atOrder: boolean,
  ): Promise<Promotion> {
    const code = normalizeCode(typed);
    const promotion = code ? await this.promotions.byCode(ctx, code) : null;
    if (!promotion) throw new PromotionNotApplicable(typed, PROMOTION_REFUSALS.unknown, atOrder);
    const why = whyNotApplicable(promotion, { subtotal, now: new Date() });
    if (why) throw new PromotionNotApplicable(promotion.code, why, atOrder);
    return promotion;
  }
}

@Injectable()
export class ListPromotions {
  constructor(private readonly promotions: PromotionRepository) {}

  async execute(
    ctx: RequestContext,
    query: { enabled?: boolean; page: number; limit: number },
  ): Promise<Page<PromotionView>> {
    const { items, total } = await this.promotions.page(ctx, query);
    return { items: items.map(toPromotionView), total, page: query.page, limit: query.limit };
  }
}

@Injectable()
export class GetPromotion {
  constructor(private readonly promotions: PromotionRepository) {}

  async execute(ctx: RequestContext, id: string): Promise<PromotionView> {
    const found = await this.promotions.find(ctx, id);
    if (!found) throw new PromotionNotFound();
    return toPromotionView(found);
  }
}

@Injectable()
export class CreatePromotion {
  constructor(private readonly promotions: PromotionRepository) {}

  async execute(ctx: RequestContext, terms: PromotionTerms): Promise<PromotionView> {
    const promotion = createPromotion(randomUUID(), terms, new Date());
    if (!(await this.promotions.save(ctx, promotion, true))) throw new PromotionCodeTaken();
    return toPromotionView(promotion);
  }
}

@Injectable()
export class UpdatePromotion {
  constructor(private readonly promotions: PromotionRepository) {}

  async execute(
    ctx: RequestContext,
    id: string,
    changes: Partial<PromotionTerms>,
  ): Promise<PromotionView> {
    const found = await this.promotions.find(ctx, id, true);
    if (!found) throw new PromotionNotFound();
    const changed = changePromotion(found, changes);
    if (!(await this.promotions.save(ctx, changed, false))) throw new PromotionCodeTaken();
    return toPromotionView(changed);
  }
}

@Injectable()
export class DeletePromotion {
  constructor(private readonly promotions: PromotionRepository) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.promotions.delete(ctx, id))) throw new PromotionNotFound();
  }
}

/** Puts a code on an open cart when it applies to the cart now (400 saying why otherwise). */
@Injectable()
export class ApplyCartPromotion {
  constructor(
    private readonly carts: CartRepository,
    private readonly codes: PromotionCodes,
    private readonly views: CartViews,
  ) {}

  async execute(ctx: RequestContext, cartId: string, code: string): Promise<CartView> {
    const cart = await this.carts.lock(ctx, cartId);
    if (!cart) throw new CartNotFound();
    if (cart.consumedAt) throw new CartConsumed();
    const { subtotal } = await this.views.view(ctx, cartId);
    const promotion = await this.codes.applicable(ctx, code, subtotal, false);
    await this.carts.setPromotion(ctx, cartId, promotion.code);
    await this.carts.touch(ctx, cartId);
    return this.views.view(ctx, cartId);
  }
}

@Injectable()
export class RemoveCartPromotion {
  constructor(
    private readonly carts: CartRepository,
    private readonly views: CartViews,
  ) {}

  async execute(ctx: RequestContext, cartId: string): Promise<CartView> {
    const cart = await this.carts.lock(ctx, cartId);
    if (!cart) throw new CartNotFound();
    if (cart.consumedAt) throw new CartConsumed();
    await this.carts.setPromotion(ctx, cartId, null);
    await this.carts.touch(ctx, cartId);
    return this.views.view(ctx, cartId);
  }
}
