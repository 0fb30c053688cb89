import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type {
  ComponentsObject,
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import { Access, ACCESS_KEY, IDEMPOTENT_KEY } from '@silkcart/shared';

/** What the document needs to know of a route beyond Swagger's decorators. */
interface RouteFacts {
  access: Access;
  idempotent: boolean;
}

type Schema = SchemaObject | ReferenceObject;
const isRef = (x: object): x is ReferenceObject => '$ref' in x;
/** The operation's parameters that are not references (the ones Nest writes). */
const paramsOf = (op: OperationObject): ParameterObject[] =>
  (op.parameters ?? []).filter((p): p is ParameterObject => !isRef(p));
/** The operation's JSON request body, when it has one written out. */
const jsonBodyOf = (op: OperationObject) =>
  op.requestBody && !isRef(op.requestBody)
    ? (op.requestBody as RequestBodyObject).content['application/json']
    : undefined;

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s))
    .join('/')}`;

/** Each route's access and idempotency, keyed `get /api/v1/stores/{storeId}`. */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  // From the module graph alone: the document is also built in preview mode (no instances).
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [
    ...m.controllers.values(),
  ]);
  for (const { metatype } of controllers) {
    if (!metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype as object) ?? '');
    const prototype = metatype.prototype as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, () => unknown>)[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (path === undefined || !method) continue;
      const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
        handler,
        metatype,
      ]);
      if (!access) continue;
      const idempotent = !!reflector.getAllAndOverride(IDEMPOTENT_KEY, [handler, metatype]);
      for (const prefix of ['/api/v1', '']) {
        facts.set(`${method} ${joinPath(prefix, base, path)}`, { access, idempotent });
      }
    }
  }
  return facts;
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const problemContent = { 'application/problem+json': { schema: PROBLEM } };
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

const ERRORS: Record<string, string> = {
  '400': 'Invalid input: `errors` names each field',
  '401': 'Missing, invalid or expired credentials',
  '403': 'The role or key may not do this',
  '404': 'No such resource in this store (or a store the caller may not see)',
  '409': 'Conflict with the current state (or the same Idempotency-Key still running)',
  '413': 'The JSON body is over 1 MiB',
  '422': 'Idempotency-Key reused with another body',
  '429': 'Rate limited: retry after `Retry-After` seconds',
};

const COMPONENTS: Required<Pick<ComponentsObject, 'schemas' | 'headers' | 'securitySchemes'>> = {
  schemas: {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details, the body of every error answer',
      required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
      properties: {
        type: { type: 'string', format: 'uri', example: 'https://silkcart.dev/problems/not-found' },
        title: { type: 'string', example: 'Not Found' },
        status: { type: 'integer', example: 404 },
        detail: { type: 'string', example: 'No such product in this store' },
        instance: { type: 'string', example: '/api/v1/stores/…/products/…' },
        requestId: { type: 'string', example: '0b6f9c1e-2d1f-4d7b-9c55-5a1b8f1f2e3d' },
        errors: {
          type: 'array',
          description: 'Validation failures, one per field (dotted paths)',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: {
              field: { type: 'string', example: 'shippingAddress.country' },
              message: { type: 'string', example: 'country must be an ISO-3166 alpha-2 code' },
            },
          },
        },
      },
    },
  },
  headers: {
    XRequestId: {
      description: 'The request id (the client’s valid X-Request-ID, or a generated one)',
      schema: { type: 'string' },
    },
    IdempotentReplayed: {
      description: '`true` when this is the stored answer of an earlier request with the same key',
      schema: { type: 'string', enum: ['true'] },
    },
    RateLimitLimit: { description: 'Requests allowed in the window', schema: { type: 'integer' } },
    RateLimitRemaining: {
      description: 'Requests left in the window',
      schema: { type: 'integer' },
    },
    RateLimitReset: {
      description: 'Seconds until the window resets',
      schema: { type: 'integer' },
    },
    RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
  },
  securitySchemes: {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A merchant user’s access token (POST /auth/token)',
    },
    secretKey: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'silk_sk_…',
      description: 'A secret API key of the store, acting with its role',
    },
    customerToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'A customer’s access token of this store (POST /catalog/{storeSlug}/customers/token)',
    },
    publishableKey: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Publishable-Key',
      description: 'A publishable key of the store (required when the store says so)',
    },
    operatorToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The deployment operator’s OPERATOR_TOKEN',
    },
  },
};

/** Who may call an operation, as the document's security requirements. */
function securityOf(path: string, access: Access): SecurityRequirementObject[] | undefined {
  if (path.startsWith('/api/v1/operator/')) return [{ operatorToken: [] }];
  switch (access.kind) {
    case 'user':
      return [{ bearer: [] }];
    case 'store':
      return [{ bearer: [] }, { secretKey: [] }];
    case 'customer':
      return [{ customerToken: [] }];
    case 'storefront':
      return [
        {},
        { publishableKey: [] },
        { customerToken: [] },
        { publishableKey: [], customerToken: [] },
      ];
    default:
      return undefined;
  }
}

/** Which answers an operation can give besides its own, by how it is reached. */
function errorsOf(method: string, path: string, op: OperationObject, facts: RouteFacts): string[] {
  const { access, idempotent } = facts;
  const hasInput = !!op.requestBody || (op.parameters ?? []).length > 0;
  const writes = method !== 'get';
  const limited =
    ((access.kind === 'storefront' || access.kind === 'customer') && writes) ||
    (access.kind === 'public' && access.storefrontWrite === true) ||
    access.kind === 'store' ||
    (path.startsWith('/api/v1/auth/') && method === 'post');
  const codes = new Set<string>();
  if (hasInput) codes.add('400');
  if (access.kind !== 'public' || path.startsWith('/api/v1/operator/')) codes.add('401');
  if (access.kind === 'store' || access.kind === 'user') codes.add('403');
  if (path.includes('{')) codes.add('404');
  if (jsonBodyOf(op)) codes.add('413');
  if (idempotent) ['409', '422'].forEach((c) => codes.add(c));
  if (limited) codes.add('429');
  return [...codes];
}

/** A deterministic example of a JSON schema, for request bodies. */
function exampleOf(document: OpenAPIObject, schema: Schema | undefined, depth = 0): unknown {
  if (depth > 8 || !schema) return undefined;
  if (isRef(schema)) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return exampleOf(document, document.components?.schemas?.[name], depth + 1);
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.allOf)) return exampleOf(document, schema.allOf[0], depth + 1);
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(schema.properties)) {
      const value = exampleOf(document, p, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  switch (schema.format) {
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'email':
      return 'ada@example.com';
    case 'date-time':
      return '2026-01-31T12:00:00.000Z';
    case 'uri':
      return 'https://example.com/';
  }
  switch (schema.type) {
    case 'array': {
      const item = exampleOf(document, schema.items ?? {}, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'object':
      return schema.nullable ? null : {};
    default:
      return undefined;
  }
}

/**
 * Makes the document complete enough for a generated client: one Problem schema referenced by
 * every error answer, the errors each operation can give (400, 401, 403, 404, 409, 413, 422,
 * 429 as they apply), `Idempotency-Key` on the idempotent operations and `Idempotent-Replayed`
 * on their answers, `RateLimit-*` on limited ones, `X-Request-ID` on every answer, the security
 * schemes (bearer JWT, secret key, customer token, publishable key, operator token) per
 * operation, and an example for every JSON request body.
 */
export function completeDocument(
  document: OpenAPIObject,
  facts: Map<string, RouteFacts>,
): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...COMPONENTS.schemas, ...components.schemas };
  components.headers = { ...COMPONENTS.headers, ...components.headers };
  components.securitySchemes = { ...components.securitySchemes, ...COMPONENTS.securitySchemes };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const op = value as OperationObject;
      const fact = facts.get(`${method} ${path}`);
      const responses = op.responses;
      if (fact) {
        const idempotent =
          fact.idempotent || paramsOf(op).some((p) => p.name === 'Idempotency-Key');
        const facts2 = { ...fact, idempotent };
        const security = securityOf(path, fact.access);
        if (security) op.security = security;
        else delete op.security;
        if (idempotent && !paramsOf(op).some((p) => p.name === 'Idempotency-Key')) {
          op.parameters = [
            ...(op.parameters ?? []),
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: '1-255 characters; the first answer is replayed for 24 h',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ];
        }
        const errors = errorsOf(method, path, op, facts2);
        for (const code of errors) responses[code] ??= { description: ERRORS[code] };
        const limited = errors.includes('429');
        for (const [code, response] of Object.entries(responses)) {
          if (!response || isRef(response)) continue;
          const headers: Record<string, HeaderObject | ReferenceObject> = {
            'X-Request-ID': header('XRequestId'),
          };
          if (limited && (code.startsWith('2') || code === '429')) {
            headers['RateLimit-Limit'] = header('RateLimitLimit');
            headers['RateLimit-Remaining'] = header('RateLimitRemaining');
            headers['RateLimit-Reset'] = header('RateLimitReset');
          }
          if (code === '429') headers['Retry-After'] = header('RetryAfter');
          if (idempotent && code.startsWith('2')) {
            headers['Idempotent-Replayed'] = header('IdempotentReplayed');
          }
          response.headers = { ...headers, ...response.headers };
        }
      }
      for (const [code, response] of Object.entries(responses)) {
        if (Number(code) >= 400 && response && !isRef(response)) {
          (response as ResponseObject).content = problemContent;
          response.description ||= ERRORS[code] ?? 'Error';
        }
      }
      const body = jsonBodyOf(op);
      if (body?.schema && body.example === undefined) {
        const example = exampleOf(document, body.schema);
        if (example !== undefined) body.example = example;
      }
    }
  }
  return document;
}
