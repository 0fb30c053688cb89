const KEEP = 200;

/**
 * What a log transport keeps of the messages it "sent": the latest ones, for development
 * tools and tests to read.
 */
export function keep<T>(sent: T[], message: T): void {
  sent.push(message);
  if (sent.length > KEEP) sent.shift();
}
