import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, JobRegistry } from '@silkcart/shared';
import { EmailRequest, isEmailTemplate } from '../domain/email-message';
import { MailTransport } from '../infrastructure/mail-transport';
import { TemplateRenderer } from '../infrastructure/template-renderer';

export const SEND_EMAIL_JOB = 'notifications.send-email';

/** Renders and sends one email; runs in the worker (or in-process without Redis), never in a request. */
@Injectable()
export class SendEmailJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly renderer: TemplateRenderer,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register<EmailRequest>({
      type: SEND_EMAIL_JOB,
      queue: 'email',
      handle: async (_ctx, request) => {
        if (!isEmailTemplate(request.template))
          throw new Error(`Unknown template ${String(request.template)}`);
        const parts = this.renderer.render(request.template, request.data ?? {});
        await this.transport.send({
          from: this.config.mail.from,
          to: request.to,
          template: request.template,
          ...parts,
        });
      },
    });
  }
}
