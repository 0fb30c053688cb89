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

/** What the transport answered for a message it accepted. */
interface Sent {
  transport: string;
  providerMessageId: string;
}

/** Bound on messages remembered as sent but not recorded (another process may retry them). */
const UNRECORDED_MAX = 10_000;

/**
 * Delivers one notification, in three steps each committed on its own: claim the attempt
 * (counted, leased), hand the message to the transport, record the provider's id and `sent`
 * before the job is acknowledged. A retry finds it sent and stops; a worker killed before the
 * transport accepted leaves a lapsing claim and the message goes out on a later attempt. When
 * only the record failed (PostgreSQL restarting), the process remembers the send and its retry
 * records it instead of sending again.
 * Failures go back to `queued` with the error, and end `failed` once the attempts are spent.
 */
@Injectable()
export class DeliverNotificationJob implements OnModuleInit {
  /**
   * Messages the transport accepted whose `sent` could not be recorded (the database was
   * unreachable): a retry in this process records it instead of sending the message again.
   */
  private readonly unrecorded = new Map<string, Sent>();

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
    const unrecorded = this.unrecorded.get(id);
    if (unrecorded) return this.record(ctx, id, unrecorded);
    const lease = this.config.jobs.lockMs;
    const n = await this.tx.run(ctx, (c) => this.notifications.claim(c, id, lease));
    if (!n) {
      const current = await this.tx.run(ctx, (c) => this.notifications.view(c, id));
      if (current?.status === 'queued') throw new DeliveryInProgress();
      return;
    }
    const transport = n.channel === 'email' ? this.mail : this.sms;
    let accepted: { providerMessageId: string };
    try {
      accepted =
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
    } catch (err) {
      const status = afterFailure(n.attempts, this.config.jobs.attempts);
      const message = err instanceof Error ? err.message : String(err);
      await this.tx.run(ctx, (c) => this.notifications.markFailed(c, n.id, status, message));
      if (status === 'queued') throw err;
      return;
    }
    const sent = { transport: transport.name, providerMessageId: accepted.providerMessageId };
    try {
      await this.record(ctx, n.id, sent);
    } catch (err) {
      // Sent, but not recorded (the database went away): the retry records it, never resends.
      this.unrecorded.set(n.id, sent);
      if (this.unrecorded.size > UNRECORDED_MAX) {
        this.unrecorded.delete(this.unrecorded.keys().next().value as string);
      }
      throw err;
    }
  }

  private async record(ctx: RequestContext, id: string, sent: Sent): Promise<void> {
    await this.tx.run(ctx, (c) =>
      this.notifications.markSent(c, id, sent.transport, sent.providerMessageId),
    );
    this.unrecorded.delete(id);
  }
}
