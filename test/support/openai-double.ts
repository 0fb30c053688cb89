import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, flatHeaders, listen, readBody } from './http-double';

/**
 * A local OpenAI Chat Completions API for e2e tests: `POST /v1/chat/completions` with bearer
 * auth, answering OpenAI's documented shapes. Point the `openai` SDK (6.x) at it with
 * `new OpenAI({ apiKey, baseURL: double.url })` (OPENAI_BASE_URL), `url` ending in `/v1`.
 *
 * Behaviours taken from OpenAI's API reference:
 * - 200 with a `chat.completion` object: `id` `chatcmpl-…`, `created` in Unix seconds, the
 *   requested `model`, one choice `{ index: 0, message: { role: 'assistant', content, refusal:
 *   null }, logprobs: null, finish_reason: 'stop' }`, and `usage` token counts;
 * - errors as `{ error: { message, type, param, code } }`: no or another bearer key is 401
 *   `invalid_api_key`; a body without a string `model` or a non-empty `messages` array (each
 *   with a `role`) is 400 `invalid_request_error`; an unknown path is 404;
 * - every answer carries `x-request-id` and `openai-processing-ms`.
 *
 * `mode` stands for the provider's bad days: `error` answers 500 `server_error`; `empty` a
 * completion whose content is an empty string; `slow` answers after `delayMs`; `stall` sends
 * the headers and then never finishes the body. Every request is recorded, whatever the mode.
 */

export type OpenAiMode = 'ok' | 'error' | 'empty' | 'slow' | 'stall';

export interface ChatCompletionRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  [name: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body as sent. */
  raw: string;
  body: ChatCompletionRequest;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string; refusal: null };
    logprobs: null;
    finish_reason: 'stop';
  }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  system_fingerprint: string;
}

export interface OpenAiDouble {
  /** Base URL with `/v1`, e.g. http://127.0.0.1:PORT/v1 (OPENAI_BASE_URL). */
  url: string;
  apiKey: string;
  /** Requests received, oldest first. */
  requests: RecordedRequest[];
  mode: OpenAiMode;
  /** The assistant's answer in `ok` mode. */
  reply: string;
  /** How long `slow` waits before answering. */
  delayMs: number;
  /** The environment that sends the api to this double. */
  env: Record<string, string>;
  close(): Promise<void>;
}

class OpenAiFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/** OpenAI's rough rule: a token is about four characters of English. */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startOpenAiDouble(
  opts: { apiKey?: string; reply?: string } = {},
): Promise<OpenAiDouble> {
  const apiKey = opts.apiKey ?? `sk-test-${randomBytes(12).toString('hex')}`;
  const timers = new Set<NodeJS.Timeout>();
  const state: OpenAiDouble = {
    url: '',
    apiKey,
    requests: [],
    mode: 'ok',
    reply: opts.reply ?? 'A light linen shirt for warm days.',
    delayMs: 30_000,
    env: {},
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await closeServer(server);
    },
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    res.setHeader('x-request-id', `req_${randomBytes(16).toString('hex')}`);
    handle(req, res, started).catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof OpenAiFailure) return fail(res, err);
      fail(res, new OpenAiFailure(500, 'server_error', null, String(err)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, started: number) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const raw = await readBody(req);
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      throw new OpenAiFailure(
        404,
        'invalid_request_error',
        'unknown_url',
        `Unknown request URL: ${req.method} ${path}.`,
      );
    }
    let body: ChatCompletionRequest;
    try {
      body = JSON.parse(raw) as ChatCompletionRequest;
    } catch {
      throw new OpenAiFailure(
        400,
        'invalid_request_error',
        null,
        'We could not parse the JSON body of your request.',
      );
    }
    state.requests.push({ method: req.method, path, headers: flatHeaders(req), raw, body });

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      throw new OpenAiFailure(
        401,
        'invalid_request_error',
        'invalid_api_key',
        'Incorrect API key provided.',
      );
    }
    if (typeof body?.model !== 'string' || !body.model) {
      throw new OpenAiFailure(
        400,
        'invalid_request_error',
        null,
        'you must provide a model parameter',
        'model',
      );
    }
    if (
      !Array.isArray(body.messages) ||
      body.messages.length === 0 ||
      !body.messages.every((m) => typeof m?.role === 'string')
    ) {
      throw new OpenAiFailure(
        400,
        'invalid_request_error',
        null,
        "Invalid 'messages': expected a non-empty array of messages.",
        'messages',
      );
    }

    switch (state.mode) {
      case 'error':
        throw new OpenAiFailure(
          500,
          'server_error',
          null,
          'The server had an error while processing your request. Sorry about that!',
        );
      case 'slow':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, state.delayMs);
          timers.add(timer);
        });
        break;
      case 'stall':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"id":"chatcmpl-stalled",');
        return;
    }

    const content = state.mode === 'empty' ? '' : state.reply;
    const prompt = tokens(body.messages.map((m) => String(m.content ?? '')).join('\n'));
    const completion: ChatCompletion = {
      id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: content ? tokens(content) : 0,
        total_tokens: prompt + (content ? tokens(content) : 0),
      },
      system_fingerprint: 'fp_silkcart_double',
    };
    res.setHeader('openai-processing-ms', String(Date.now() - started));
    json(res, 200, completion);
  }

  function fail(res: ServerResponse, err: OpenAiFailure): void {
    if (err.status === 401) res.setHeader('www-authenticate', 'Bearer realm="OpenAI API"');
    res.setHeader('openai-processing-ms', '1');
    json(res, err.status, {
      error: { message: err.message, type: err.type, param: err.param, code: err.code },
    });
  }

  const port = await listen(server);
  state.url = `http://127.0.0.1:${port}/v1`;
  state.env = { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: state.url };
  return state;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
