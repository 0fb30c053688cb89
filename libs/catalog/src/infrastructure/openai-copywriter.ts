import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  onFirstUse,
  ServiceUnavailable,
  UpstreamFailed,
} from '@silkcart/shared';
import type OpenAI from 'openai';
import type { CopyTone } from '../domain/product-copy';
import type { ProductCopySource } from './product.repository';

/** How long OpenAI may take, in ms (the contract's 20 s); a provider of this token changes it. */
export const COPYWRITER_DEADLINE_MS = 'catalog.copywriter-deadline-ms';
const DEFAULT_DEADLINE_MS = 20_000;

/** The SDK, required when the first client is made rather than at startup. */
const openAiPackage = onFirstUse<{ default: typeof OpenAI }>('openai');
const openAiSdk = (): typeof OpenAI => openAiPackage().default;

export interface CopyBrief extends ProductCopySource {
  tone: CopyTone;
  /** A well-formed BCP 47 tag. */
  language: string;
  keywords: string[];
}

export interface WrittenCopy {
  description: string;
  model: string;
}

const TONE_WORDS: Record<CopyTone, string> = {
  neutral: 'neutral: clear and factual',
  friendly: 'friendly: warm and approachable',
  luxury: 'luxury: refined, elegant and premium',
  playful: 'playful: light, witty and fun',
};

/**
 * Writes product descriptions through OpenAI's Chat Completions API (the official SDK, no
 * retries). The SDK's timeout stops at the answer's headers; the signal also bounds reading
 * the body, so a provider that stalls mid-answer cannot hold the request past the deadline.
 */
@Injectable()
export class OpenAiCopywriter {
  /** Made on first use. */
  private client: OpenAI | null = null;
  private readonly deadlineMs: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(COPYWRITER_DEADLINE_MS) deadlineMs?: number,
  ) {
    this.deadlineMs = deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  /** 503 naming the variable to set when no key is configured. */
  ensureConfigured(): OpenAI {
    const { apiKey, baseUrl } = this.config.openai;
    if (!apiKey) {
      throw new ServiceUnavailable('AI product copy is not configured: set OPENAI_API_KEY');
    }
    this.client ??= new (openAiSdk())({
      apiKey,
      baseURL: baseUrl ?? undefined,
      timeout: this.deadlineMs,
      maxRetries: 0,
    });
    return this.client;
  }

  async write(brief: CopyBrief): Promise<WrittenCopy> {
    const client = this.ensureConfigured();
    const signal = AbortSignal.timeout(this.deadlineMs);
    let completion: OpenAI.ChatCompletion | null | undefined;
    try {
      completion = await client.chat.completions.create(
        { model: this.config.openai.model, messages: messages(brief) },
        { signal },
      );
    } catch (err) {
      throw new UpstreamFailed(this.failure(err, signal));
    }
    const content: unknown = completion?.choices?.[0]?.message?.content;
    const description = typeof content === 'string' ? content.trim() : '';
    if (!description) throw new UpstreamFailed('OpenAI answered without a description');
    const model = typeof completion?.model === 'string' && completion.model;
    return { description, model: model || this.config.openai.model };
  }

  /** What went wrong, without the provider's message (it may quote the key). */
  private failure(err: unknown, signal: AbortSignal): string {
    const sdk = openAiSdk();
    const seconds = Math.round(this.deadlineMs / 100) / 10;
    if (signal.aborted || err instanceof sdk.APIConnectionTimeoutError) {
      return `OpenAI did not answer within ${seconds} s`;
    }
    if (err instanceof sdk.APIError && err.status !== undefined) {
      const code = err.code ?? err.type;
      return `OpenAI answered ${err.status}${code ? ` (${code})` : ''}`;
    }
    if (err instanceof sdk.APIConnectionError) return 'OpenAI could not be reached';
    return 'OpenAI answered what could not be read';
  }
}

/** Only the product's words and the request's wishes: no price, stock, SKU or id. */
function messages(brief: CopyBrief): OpenAI.ChatCompletionMessageParam[] {
  const options = Object.entries(brief.options).map(
    ([name, values]) => `${name}: ${values.join(', ')}`,
  );
  const facts = [
    `Title: ${brief.title}`,
    `Current description: ${brief.description || '(none)'}`,
    `Categories: ${brief.categories.join(', ') || '(none)'}`,
    `Options: ${options.join('; ') || '(none)'}`,
    `Keywords to work in: ${brief.keywords.join(', ') || '(none)'}`,
  ];
  return [
    {
      role: 'system',
      content:
        'You write product descriptions for an online store. Write one description of the ' +
        'product for its product page, in the tone given and in the language given as a BCP 47 ' +
        'tag. Use only the facts given; invent no prices, materials, sizes or claims. Answer ' +
        'with the description text only: no title, no heading, no quotes.',
    },
    {
      role: 'user',
      content: [`Tone: ${TONE_WORDS[brief.tone]}`, `Language: ${brief.language}`, ...facts].join(
        '\n',
      ),
    },
  ];
}
