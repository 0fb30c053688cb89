import { Injectable } from '@nestjs/common';
import { OrderingFacade, ReviewCreated, ReviewCreatedData } from '@silkcart/ordering';
import { PublishedEvent, RequestContext, Subscribe } from '@silkcart/shared';
import { WebhookFanout } from './webhook-fanout';

/** `review.created` with the review as the store's reviews list shows it. */
@Injectable()
@Subscribe(ReviewCreated, { name: 'notifications.webhooks.review-created' })
export class DeliverReviewWebhooks {
  constructor(
    private readonly fanout: WebhookFanout,
    private readonly ordering: OrderingFacade,
  ) {}

  handle(ctx: RequestContext, event: PublishedEvent<ReviewCreatedData>): Promise<void> {
    return this.fanout.deliver(ctx, event, 'review.created', () =>
      this.ordering.review(ctx, event.data.reviewId),
    );
  }
}
