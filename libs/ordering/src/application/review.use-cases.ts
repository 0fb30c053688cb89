import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { EventBus, hashOpaqueToken, type Page, RequestContext } from '@silkcart/shared';
import { randomUUID } from 'node:crypto';
import {
  OrderNotFound,
  ProductNotReviewable,
  ReviewExists,
  ReviewNotAllowed,
  ReviewNotFound,
} from '../domain/ordering.errors';
import { canReview, ReviewCreated, type ReviewOrdering, type ReviewStatus } from '../domain/review';
import { OrderRepository } from '../infrastructure/order.repository';
import { ReviewRepository, ReviewRow } from '../infrastructure/review.repository';
import type { PublicReviewView, ReviewView } from './ordering.views';

// The review use cases share the repository and the product lookup; one file keeps them together.

const toPublic = ({
  id,
  rating,
  title,
  body,
  authorName,
  verifiedPurchase,
  createdAt,
}: ReviewRow) => ({
  id,
  rating,
  title,
  body,
  authorName,
  verifiedPurchase,
  createdAt,
});

export interface ReviewInput {
  orderId: string;
  orderToken: string;
  rating: number;
  title?: string;
  body: string;
  authorName: string;
}

/**
 * A verified-purchase review: the order and its token prove the purchase (404 otherwise), the
 * order must be paid or later and hold the product (403), one per order and product (409).
 */
@Injectable()
export class WriteReview {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogFacade,
    private readonly events: EventBus,
  ) {}

  async execute(
    ctx: RequestContext,
    productSlug: string,
    input: ReviewInput,
  ): Promise<{ id: string; status: 'pending' }> {
    const product = await this.catalog.activeProduct(ctx, productSlug);
    if (!product) throw new ProductNotReviewable();
    const order = await this.orders.viewWithToken(
      ctx,
      input.orderId,
      hashOpaqueToken(input.orderToken),
    );
    if (!order) throw new OrderNotFound();
    if (!canReview(order.status)) throw new ReviewNotAllowed('Only a paid order can be reviewed');
    const products = await this.catalog.productsOfVariants(
      ctx,
      order.items.map((i) => i.variantId),
    );
    if (![...products.values()].includes(product.id)) {
      throw new ReviewNotAllowed('The order does not hold this product');
    }
    const id = randomUUID();
    const review = {
      id,
      productId: product.id,
      orderId: order.id,
      rating: input.rating,
      title: input.title ?? null,
      body: input.body,
      authorName: input.authorName,
    };
    if (!(await this.reviews.insert(ctx, review))) throw new ReviewExists();
    await this.events.publish(ctx, ReviewCreated, {
      reviewId: id,
      productId: product.id,
      orderId: order.id,
      rating: input.rating,
    });
    return { id, status: 'pending' };
  }
}

/** A product's published reviews, for anyone. */
@Injectable()
export class ListProductReviews {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly catalog: CatalogFacade,
  ) {}

  async execute(
    ctx: RequestContext,
    productSlug: string,
    query: { ordering?: ReviewOrdering; page: number; limit: number },
  ): Promise<Page<PublicReviewView>> {
    const product = await this.catalog.activeProduct(ctx, productSlug);
    if (!product) throw new ProductNotReviewable();
    const { items, total } = await this.reviews.page(ctx, {
      productId: product.id,
      status: 'published',
      ordering: query.ordering ?? '-created',
      page: query.page,
      limit: query.limit,
    });
    return { items: items.map(toPublic), total, page: query.page, limit: query.limit };
  }
}

/** The store's reviews, any status, for members. */
@Injectable()
export class ListStoreReviews {
  constructor(private readonly reviews: ReviewRepository) {}

  async execute(
    ctx: RequestContext,
    query: { status?: ReviewStatus; productId?: string; page: number; limit: number },
  ): Promise<Page<ReviewView>> {
    const { items, total } = await this.reviews.page(ctx, { ...query, ordering: '-created' });
    return { items, total, page: query.page, limit: query.limit };
  }
}

/** Publishes or rejects a review; the product's rating (and the storefront) follow at once. */
@Injectable()
export class ModerateReview {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly catalog: CatalogFacade,
  ) {}

  async execute(ctx: RequestContext, id: string, status: ReviewStatus): Promise<ReviewView> {
    const review = await this.reviews.find(ctx, id);
    if (!review) throw new ReviewNotFound();
    await this.reviews.setStatus(ctx, id, status);
    await this.catalog.setRating(
      ctx,
      review.productId,
      await this.reviews.ratingOf(ctx, review.productId),
    );
    return { ...review, status };
  }
}
