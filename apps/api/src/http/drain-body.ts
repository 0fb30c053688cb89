import type { FastifyReply, FastifyRequest } from 'fastify';

/** At most this much of a refused request body is read and thrown away before answering. */
export const DRAIN_LIMIT = 16 * 1024 * 1024;
/** …and for at most this long: a client that trickles its body is answered (and cut) anyway. */
export const DRAIN_TIMEOUT_MS = 15_000;

export interface DrainOptions {
  limit?: number;
  timeoutMs?: number;
}

/**
 * An `onSend` hook for error answers that leave before the request body was read: a body over
 * the 1 MiB limit (Fastify refuses it from its Content-Length, or as soon as the chunks pass
 * the limit, and marks the answer `Connection: close`), or a body a handler never read.
 *
 * Answering and closing while the client is still writing makes the kernel reset the socket
 * over the unread bytes, so a client (or a proxy: nginx, a load balancer) that is still
 * sending sees EPIPE / ECONNRESET, or a 502, instead of the problem. So the answer waits until
 * the rest of the body has been read and discarded; with the whole request read, the
 * connection is as good as any other and stays open (`Connection: close` is dropped). A client
 * that sends more than `limit` bytes, or for longer than `timeoutMs`, gets the answer at that
 * point with `Connection: close`: reading stops and the socket is closed once the answer is
 * written, so nothing can keep the process reading forever.
 */
export function drainUnreadBody(options: DrainOptions = {}) {
  const limit = options.limit ?? DRAIN_LIMIT;
  const timeoutMs = options.timeoutMs ?? DRAIN_TIMEOUT_MS;
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: Error | null, payload?: unknown) => void,
  ): void => {
    const raw = request.raw;
    if (
      reply.statusCode < 400 ||
      raw.complete ||
      raw.readableEnded ||
      raw.destroyed ||
      !hasBody(raw.headers)
    ) {
      done(null, payload);
      return;
    }
    let discarded = 0;
    let settled = false;
    const finish = (whole: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('error', onGone);
      raw.removeListener('close', onGone);
      if (whole) {
        // The request was read to its end: the connection may carry the next one.
        reply.removeHeader('connection');
      } else {
        // Stop reading; Node closes the socket once the answer is written (Connection: close).
        raw.pause();
        reply.header('connection', 'close');
      }
      done(null, payload);
    };
    const onData = (chunk: Buffer | string) => {
      discarded += chunk.length;
      if (discarded > limit) finish(false);
    };
    const onEnd = () => finish(true);
    const onGone = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref();
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('error', onGone);
    raw.once('close', onGone);
    raw.resume();
  };
}

function hasBody(headers: FastifyRequest['headers']): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
