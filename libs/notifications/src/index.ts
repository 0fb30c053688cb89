export { NotificationsModule } from './notifications.module';
export { MailTransport, LogMailTransport } from './infrastructure/mail-transport';
export type { EmailMessage } from './domain/email-message';
