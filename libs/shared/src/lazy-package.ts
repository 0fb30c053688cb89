import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded the first time it is asked for, not when the importing file loads: the
 * provider SDKs (Stripe, Twilio, SendGrid, AWS S3, Google, OpenAI) cost about 0.1 s each at
 * start-up, and a deployment calls few of them. Typed by the caller (`import type`).
 */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}
