import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /api/docs and the document at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
