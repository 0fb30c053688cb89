export type Channel = 'email' | 'sms';
export type NotificationStatus = 'queued' | 'sent' | 'failed';

/** An email as it leaves: rendered, addressed, with a Message-ID stable across retries. */
export interface OutgoingEmail {
  notificationId: string;
  template: string;
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  /** `<notification id@silkcart>`: a retry is the same message to a receiving server. */
  messageId: string;
}

export interface OutgoingSms {
  notificationId: string;
  template: string;
  to: string;
  body: string;
}

/** What a transport answers once it accepted a message: the provider's id for it. */
export interface Accepted {
  providerMessageId: string;
}

/**
 * The delivery state after an attempt that failed: queued again for a retry, or failed for
 * good once the attempts are spent.
 */
export function afterFailure(attempts: number, maxAttempts: number): NotificationStatus {
  return attempts >= maxAttempts ? 'failed' : 'queued';
}
