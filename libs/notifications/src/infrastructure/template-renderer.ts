import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailTemplate, SmsTemplate } from '../domain/email-message';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Hbs = typeof Handlebars;
type Mode = 'html' | 'text';

/** Beside this file in src/, and copied beside the compiled file in dist/ by the build. */
const TEMPLATE_DIR = join(__dirname, '..', 'templates');
const PARTIAL_DIR = join(TEMPLATE_DIR, 'partials');
const LOCALE = 'en';
const ACRONYMS: Record<string, string> = { api: 'API', sku: 'SKU', sms: 'SMS' };

/** Minor units to the currency's major unit, as people read it: 24985 EUR → €249.85, 500 JPY → ¥500. */
export function formatMoney(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new Error(`money: ${String(amount)} is not an amount in minor units`);
  }
  if (typeof currency !== 'string') throw new Error(`money: ${String(currency)} is not a currency`);
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

export function formatDate(value: unknown): string {
  const date = new Date(value as string | number | Date);
  if (value === null || value === undefined || Number.isNaN(date.getTime())) {
    throw new Error(`date: ${String(value)} is not a date`);
  }
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function formatNumber(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`number: ${String(value)} is not a number`);
  }
  return new Intl.NumberFormat(LOCALE).format(value);
}

/** `ordersPerMonth` → `orders per month`, `apiKeys` → `API keys`. */
function words(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`words: ${String(value)} is not a name`);
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .map((word) => ACRONYMS[word] ?? word)
    .join(' ');
}

function countryName(code: unknown): string {
  if (typeof code !== 'string') throw new Error(`countryName: ${String(code)} is not a country`);
  return new Intl.DisplayNames([LOCALE], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

/**
 * `{{link publicUrl "catalog" storeSlug "reset-password" token=token}}`: the base as given, each
 * further argument an encoded path segment, the hash the query string.
 */
function link(base: unknown, ...rest: unknown[]): string {
  const options = rest.pop() as Handlebars.HelperOptions;
  if (typeof base !== 'string' || !base) throw new Error(`link: ${String(base)} is not a base URL`);
  const segments = rest.map((segment) => {
    if (typeof segment !== 'string' || !segment) {
      throw new Error(`link: ${String(segment)} is not a path segment`);
    }
    return `/${encodeURIComponent(segment)}`;
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.hash as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`link: ${key}=${String(value)} is not a query value`);
    }
    query.set(key, String(value));
  }
  const search = query.toString();
  return `${base.replace(/\/+$/, '')}${segments.join('')}${search ? `?${search}` : ''}`;
}

// Helpers shadow data fields of the same name (`{{number}}` is the order's): names no data uses.
// Handlebars passes the options hash last; the one-argument helpers drop it.
const HELPERS = {
  money: (amount: unknown, currency: unknown) => formatMoney(amount, currency),
  date: (value: unknown) => formatDate(value),
  num: (value: unknown) => formatNumber(value),
  words: (value: unknown) => words(value),
  countryName: (code: unknown) => countryName(code),
  link,
};

/** The text parts are read as written: no blank-line runs, no trailing spaces. */
function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * Handlebars templates under `templates/<name>.{subject,text,html}.hbs` (and `<name>.sms.hbs`),
 * each wrapped in the `layout` partial of its kind from `templates/partials/`. HTML and text
 * are two Handlebars environments: HTML escapes the data, subject, text and SMS do not, and
 * both are strict, so a variable the data lacks fails the render instead of leaving a blank.
 */
@Injectable()
export class TemplateRenderer {
  private envs?: Record<Mode, Hbs>;
  private readonly cache = new Map<string, HandlebarsTemplateDelegate>();

  render(template: EmailTemplate, data: Record<string, unknown>): RenderedEmail {
    const subject = this.compiled(template, 'subject', 'text')(data).replace(/\s+/g, ' ').trim();
    return {
      subject,
      text: tidyText(this.compiled(template, 'text', 'text')(data, { data: { subject } })),
      html: this.compiled(template, 'html', 'html')(data, { data: { subject } }),
    };
  }

  /** One line for a text message. */
  renderSms(template: SmsTemplate, data: Record<string, unknown>): string {
    return this.compiled(template, 'sms', 'text')(data).replace(/\s+/g, ' ').trim();
  }

  private compiled(template: string, part: string, mode: Mode): HandlebarsTemplateDelegate {
    const file = `${template}.${part}.hbs`;
    let compiled = this.cache.get(file);
    if (!compiled) {
      compiled = this.environments()[mode].compile(
        readFileSync(join(TEMPLATE_DIR, file), 'utf8'),
        compileOptions(mode),
      );
      this.cache.set(file, compiled);
    }
    return compiled;
  }

  private environments(): Record<Mode, Hbs> {
    this.envs ??= { html: environment('html'), text: environment('text') };
    return this.envs;
  }
}

function compileOptions(mode: Mode): CompileOptions {
  return mode === 'html' ? { strict: true } : { strict: true, noEscape: true };
}

/** `partials/<name>.html.hbs` are the HTML environment's partials, `<name>.text.hbs` the text one's. */
function environment(mode: Mode): Hbs {
  const env = Handlebars.create();
  env.registerHelper(HELPERS);
  for (const file of readdirSync(PARTIAL_DIR)) {
    const match = /^(.+)\.(html|text)\.hbs$/.exec(file);
    if (!match || match[2] !== mode) continue;
    const source = readFileSync(join(PARTIAL_DIR, file), 'utf8');
    env.registerPartial(match[1], env.compile(source, compileOptions(mode)));
  }
  return env;
}
