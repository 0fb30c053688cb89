import { Injectable } from '@nestjs/common';
import { CatalogFacade } from '@silkcart/catalog';
import { IdentityFacade } from '@silkcart/identity';
import { OrderingFacade } from '@silkcart/ordering';
import type { RequestContext } from '@silkcart/shared';
import { NotificationRepository } from '../infrastructure/notification.repository';
import type { PrivacyErasureView, PrivacyExportView } from './privacy.views';

// Privacy (GDPR) requests span every context; notifications is the one that may call them all.
// Each context exports or erases its own part through its facade, all in the request's one
// transaction: an erasure happens entirely or not at all.

/** Everything the store holds about one email address (any case). */
@Injectable()
export class ExportPersonalData {
  constructor(
    private readonly identity: IdentityFacade,
    private readonly catalog: CatalogFacade,
    private readonly ordering: OrderingFacade,
    private readonly notifications: NotificationRepository,
  ) {}

  async execute(ctx: RequestContext, email: string): Promise<PrivacyExportView> {
    const { customer, addresses } = await this.identity.customerRecord(ctx, email);
    const customerId = customer?.id ?? null;
    const { orders, reviews } = await this.ordering.personalData(ctx, { email, customerId });
    return {
      email,
      customer,
      addresses: addresses as PrivacyExportView['addresses'],
      orders,
      reviews,
      wishlist: customerId ? await this.catalog.wishlistOf(ctx, customerId) : [],
      notifications: await this.notifications.ofPerson(
        ctx,
        email,
        orders.map((o) => o.id),
      ),
    };
  }
}

/**
 * Erases a person from the store: the customer account (its tokens stop working at once), its
 * addresses and wishlist go; orders stay for the books with placeholders for the personal
 * fields; reviews show as by "Anonymous"; messages lose recipient and content. A second call
 * finds nothing left and answers zeros.
 */
@Injectable()
export class ErasePersonalData {
  constructor(
    private readonly identity: IdentityFacade,
    private readonly catalog: CatalogFacade,
    private readonly ordering: OrderingFacade,
    private readonly notifications: NotificationRepository,
  ) {}

  async execute(ctx: RequestContext, email: string): Promise<PrivacyErasureView> {
    const { customer } = await this.identity.customerRecord(ctx, email);
    const customerId = customer?.id ?? null;
    // Orders first: they point at the customer, and the messages about them are found by them.
    const erased = await this.ordering.erasePerson(ctx, { email, customerId });
    const notifications = await this.notifications.erasePerson(ctx, email, erased.orderIds);
    let customers = 0;
    if (customerId) {
      await this.catalog.clearWishlist(ctx, customerId);
      customers = await this.identity.eraseCustomer(ctx, customerId);
    }
    return {
      erased: { customers, orders: erased.orders, reviews: erased.reviews, notifications },
    };
  }
}
