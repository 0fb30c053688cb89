/** The templates the contract names; each renders a subject, an HTML and a plain-text part. */
export const EMAIL_TEMPLATES = [
  'welcome',
  'password-reset',
  'order-confirmation',
  'payment-received',
  'order-shipped',
  'low-stock',
  'customer-welcome',
  'customer-password-reset',
  'plan-limit',
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/** The templates also sent as a text message (one line, under 160 characters). */
export const SMS_TEMPLATES = ['order-shipped'] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

export interface EmailRequest {
  template: EmailTemplate;
  to: string;
  data: Record<string, unknown>;
}

export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  template: EmailTemplate;
}

export function isEmailTemplate(value: unknown): value is EmailTemplate {
  return typeof value === 'string' && (EMAIL_TEMPLATES as readonly string[]).includes(value);
}

export function isSmsTemplate(value: unknown): value is SmsTemplate {
  return typeof value === 'string' && (SMS_TEMPLATES as readonly string[]).includes(value);
}
