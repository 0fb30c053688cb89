/**
 * Webhook routes (a path ending in `/webhook`) keep the body's exact bytes: a signature is
 * computed over them, and a parsed and re-serialised body would not verify. Only these
 * routes keep them; every other JSON body is parsed and the bytes dropped.
 */
export interface RawBodyCarrier {
  rawBody?: Buffer;
}

export function keepsRawBody(url: string): boolean {
  return /\/webhook(?:\?|$)/.test(url);
}
