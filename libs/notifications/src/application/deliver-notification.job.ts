import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, JobRegistry, RequestContext, TenantTx } from '@silkcart/shared';
import { afterFailure } from '../domain/notification';
import { MailTransport } from '../infrastructure/mail-transport';
import { NotificationRepository } from '../infrastructure/notification.repository';
import { SmsTransport } from '../infrastructure/sms-transport';
import { DELIVER_NOTIFICATION_JOB } from './notifier';

/** Claimed by a worker that died mid-send: the job waits for the claim to lapse. */
class DeliveryInProgress extends Error {
  constructor() {
    super('another delivery of this message is in progress; retrying once its claim lapses');
  }
}

/**
 * Delivers one notification, in three steps each committed on its own: claim the attempt
 * (counted, leased), hand the message to the transport, record the provider's id and `sent`
 * before the job is acknowledged. A retry finds it sent and stops; a worker killed before the
 * transport accepted leaves a lapsing claim and the message goes out on a later attempt.
 * Failures go back to `queued` with the error, and end `failed` once the attempts are spent.
 */
@Injectable()
export class DeliverNotificationJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly tx: TenantTx,
    private readonly notifications: NotificationRepository,
    private readonly mail: MailTransport,
    private readonly sms: SmsTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register<{ notificationId: string }>({
      type: DELIVER_NOTIFICATION_JOB,
      queue: 'email',
      // A few more than the message's own attempts: waiting out a dead worker's claim.
      attempts: this.config.jobs.attempts + 3,
      handle: (ctx, { notificationId }) => this.deliver(ctx, notificationId),
    });
  }

  async deliver(ctx: RequestContext, id: string): Promise<void> {
    const lease = this.config.jobs.lockMs;
    const n = await this.tx.run(ctx, (c) => this.notifications.claim(c, id, lease));
    if (!n) {
      const current = await this.tx.run(ctx, (c) => this.notifications.view(c, id));
      if (current?.status === 'queued') throw new DeliveryInProgress();
      return;
    }
    const transport = n.channel === 'email' ? this.mail : this.sms;
    try {
      const accepted =
        n.channel === 'email'
          ? await this.mail.send({
              notificationId: n.id,
              template: n.template,
              from: this.config.mail.from,
              to: n.recipient,
              replyTo: n.replyTo,
              subject: n.subject ?? '',
              text: n.body,
              html: n.html ?? '',
              messageId: `<${n.id}@silkcart>`,
            })
          : await this.sms.send({
              notificationId: n.id,
              template: n.template,
              to: n.recipient,
              body: n.body,
            });
      await this.tx.run(ctx, (c) =>
        this.notifications.markSent(c, n.id, transport.name, accepted.providerMessageId),
      );
    } catch (err) {
      const status = afterFailure(n.attempts, this.config.jobs.attempts);
      const message = err instanceof Error ? err.message : String(err);
      await this.tx.run(ctx, (c) => this.notifications.markFailed(c, n.id, status, message));
      if (status === 'queued') throw err;
    }
  }
}
