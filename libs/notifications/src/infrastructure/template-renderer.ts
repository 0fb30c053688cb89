import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailTemplate } from '../domain/email-message';

interface Compiled {
  subject: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
}

const TEMPLATE_DIR = join(__dirname, '..', 'templates');

/**
 * Handlebars templates under `templates/<name>.{subject,text,html}.hbs`; HTML escapes the
 * data, the subject and text parts do not.
 */
@Injectable()
export class TemplateRenderer {
  private readonly cache = new Map<EmailTemplate, Compiled>();

  render(
    template: EmailTemplate,
    data: Record<string, unknown>,
  ): { subject: string; text: string; html: string } {
    const compiled = this.compiled(template);
    return {
      subject: compiled.subject(data).trim(),
      text: compiled.text(data),
      html: compiled.html(data),
    };
  }

  private compiled(template: EmailTemplate): Compiled {
    let compiled = this.cache.get(template);
    if (!compiled) {
      const read = (part: string) =>
        readFileSync(join(TEMPLATE_DIR, `${template}.${part}.hbs`), 'utf8');
      compiled = {
        subject: Handlebars.compile(read('subject'), { noEscape: true }),
        text: Handlebars.compile(read('text'), { noEscape: true }),
        html: Handlebars.compile(read('html')),
      };
      this.cache.set(template, compiled);
    }
    return compiled;
  }
}
