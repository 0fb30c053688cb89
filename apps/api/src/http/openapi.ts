import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeDocument, routeFacts } from './openapi-complete';

/** Operations paths (health, metrics) stay outside the `/api/v1` prefix. */
const OPERATIONS = ['health/live', 'health/ready', 'health/startup', 'metrics'].map((path) => ({
  path,
  method: RequestMethod.GET,
}));

export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: OPERATIONS });
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SilkCart API')
    .setDescription(
      'Multi-tenant headless commerce: identity, stores, catalog, storefront, orders, payments',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return withStorefrontByHost(completeDocument(document, routeFacts(app)));
}

const CATALOG = '/api/v1/catalog/{storeSlug}';

/**
 * Every `/catalog/{storeSlug}/...` operation is also served as `/storefront/...`, its store
 * named by `X-Store-Slug` or a verified domain in `Host`: the document lists those too.
 */
function withStorefrontByHost(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`${CATALOG}/`)) continue;
    const copy = JSON.parse(JSON.stringify(item)) as typeof item;
    for (const operation of Object.values(copy)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.operationId = `${operation.operationId}_byHost`;
      operation.parameters = [
        {
          name: 'X-Store-Slug',
          in: 'header',
          required: false,
          description: 'The store; without it, the verified custom domain in Host names it',
          schema: { type: 'string' },
        },
        ...(operation.parameters ?? []).filter(
          (p: { name?: string; in?: string }) => !(p.in === 'path' && p.name === 'storeSlug'),
        ),
      ];
    }
    document.paths[`/api/v1/storefront${path.slice(CATALOG.length)}`] = copy;
  }
  return document;
}

/**
 * Swagger UI at /api/docs and the document at /api/docs-json. The document is built at the
 * first request for it, not at startup (it took 0.15-0.25 s of every start), from the same
 * module metadata, so it is the same document.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
