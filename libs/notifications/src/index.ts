export { NotificationsModule } from './notifications.module';
export { MailTransport, LogMailTransport } from './infrastructure/mail-transport';
export { SmsTransport, LogSmsTransport } from './infrastructure/sms-transport';
export type { OutgoingEmail as EmailMessage, OutgoingSms } from './domain/notification';
