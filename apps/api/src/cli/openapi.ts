import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@silkcart/shared';
import { AppModule } from '../app.module';
import { applyGlobalPrefix, buildOpenApiDocument } from '../http/openapi';

/**
 * Writes the OpenAPI document the api serves to docs/openapi.json, from the module graph
 * alone (preview mode: no database, no Redis). `--check` fails when the file differs.
 */
async function main(): Promise<void> {
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: 'postgres://preview/none', REDIS_URL: '' }),
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  applyGlobalPrefix(app);
  const document = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  const file = join(process.cwd(), 'docs', 'openapi.json');
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== document) {
      process.stderr.write(
        'docs/openapi.json differs from the served document: run `npm run openapi`\n',
      );
      process.exit(1);
    }
    process.stdout.write('docs/openapi.json matches the served document\n');
  } else {
    writeFileSync(file, document);
    process.stdout.write(`wrote ${file}\n`);
  }
  await app.close();
}

void main();
