import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Outbox, RequestContext } from '@silkcart/shared';
import { TenancyFacade } from '@silkcart/tenancy';
import type { EmailTemplate, SmsTemplate } from '../domain/email-message';
import { NotificationRepository } from '../infrastructure/notification.repository';
import { TemplateRenderer } from '../infrastructure/template-renderer';

export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';

/** Who a message speaks for: the store (its name, its support address as Reply-To), or us. */
interface Sender {
  storeName: string;
  supportEmail: string | null;
}

/**
 * Writes a message: rendered now (in a job, never in a request), kept as a notification row
 * (queued), and handed to the delivery job, in the caller's transaction: the message exists
 * if and only if what caused it committed.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly notifications: NotificationRepository,
    private readonly tenancy: TenancyFacade,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async email(
    ctx: RequestContext,
    message: {
      template: EmailTemplate;
      to: string;
      data: Record<string, unknown>;
      orderId?: string;
    },
  ): Promise<string> {
    const sender = await this.sender(ctx);
    const rendered = this.renderer.render(message.template, {
      ...message.data,
      ...sender,
      publicUrl: this.config.publicUrl,
    });
    return this.queue(ctx, {
      channel: 'email',
      template: message.template,
      recipient: message.to,
      replyTo: sender.supportEmail,
      subject: rendered.subject,
      html: rendered.html,
      body: rendered.text,
      orderId: message.orderId ?? null,
    });
  }

  async sms(
    ctx: RequestContext,
    message: { template: SmsTemplate; to: string; data: Record<string, unknown>; orderId?: string },
  ): Promise<string> {
    const sender = await this.sender(ctx);
    const body = this.renderer.renderSms(message.template, {
      ...message.data,
      ...sender,
      publicUrl: this.config.publicUrl,
    });
    return this.queue(ctx, {
      channel: 'sms',
      template: message.template,
      recipient: message.to,
      replyTo: null,
      subject: null,
      html: null,
      body,
      orderId: message.orderId ?? null,
    });
  }

  private async queue(
    ctx: RequestContext,
    row: Parameters<NotificationRepository['insert']>[1],
  ): Promise<string> {
    const id = await this.notifications.insert(ctx, row);
    await this.outbox.enqueue(ctx, DELIVER_NOTIFICATION_JOB, { notificationId: id });
    return id;
  }

  private async sender(ctx: RequestContext): Promise<Sender> {
    if (!ctx.storeId) return { storeName: 'SilkCart', supportEmail: null };
    const store = await this.tenancy.settingsOf(ctx);
    return { storeName: store.name, supportEmail: store.supportEmail };
  }
}
