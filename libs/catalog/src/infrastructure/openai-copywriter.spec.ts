import { loadConfig, ServiceUnavailable } from '@silkcart/shared';
import { OpenAiCopywriter } from './openai-copywriter';

const configWith = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), ...env });

describe('OpenAiCopywriter', () => {
  it('gives OpenAI the contract’s 20 s and no retries unless told otherwise', () => {
    const config = configWith({ OPENAI_API_KEY: 'sk-test-12345678' });
    const client = new OpenAiCopywriter(config).ensureConfigured();
    expect(client.timeout).toBe(20_000);
    expect(client.maxRetries).toBe(0);
    expect(new OpenAiCopywriter(config, 500).ensureConfigured().timeout).toBe(500);
  });

  it('is unavailable, naming OPENAI_API_KEY, without a key', () => {
    const copywriter = new OpenAiCopywriter(configWith({}));
    expect(() => copywriter.ensureConfigured()).toThrow(ServiceUnavailable);
    expect(() => copywriter.ensureConfigured()).toThrow(/OPENAI_API_KEY/);
  });
});
