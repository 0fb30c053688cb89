import { HttpException } from '@nestjs/common';
import {
  DomainError,
  FieldError,
  isDatabaseUnavailable,
  problemFromDomainError,
  ProblemParts,
} from '@silkcart/shared';
import { QueryFailedError } from 'typeorm';

/** Thrown by the validation pipe with one entry per offending field. */
export class RequestValidationError extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super('Validation failed', 400);
  }
}

const PG_UNIQUE_VIOLATION = '23505';
/** SQLSTATE class 22, data exceptions: a value from the request PostgreSQL cannot take. */
const PG_DATA_EXCEPTION = /^22/;

/** The SQLSTATE of a PostgreSQL error, whether TypeORM wrapped it or pg threw it. */
function sqlState(error: unknown): string | undefined {
  const candidate = error instanceof QueryFailedError ? error.driverError : error;
  const code = (candidate as { code?: unknown; severity?: unknown } | null)?.code;
  const isPg = typeof (candidate as { severity?: unknown } | null)?.severity === 'string';
  return isPg && typeof code === 'string' ? code : undefined;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function detailOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * Turns anything thrown into the parts of a problem: domain errors by their kind, HTTP
 * exceptions by their status, unique violations as 409, a database that is down or restarting
 * as 503, framework 4xx errors as they are, and everything else as an unexpected 500 whose
 * details stay in the log.
 */
export function toProblemParts(error: unknown): ProblemParts {
  if (error instanceof DomainError) return problemFromDomainError(error);
  if (error instanceof RequestValidationError) {
    return {
      status: 400,
      code: 'SHARED.VALIDATION',
      detail: 'The request is not valid',
      errors: error.errors,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, detail: detailOf(error), unexpected: status >= 500 };
  }
  const state = sqlState(error);
  if (state === PG_UNIQUE_VIOLATION) {
    return {
      status: 409,
      code: 'SHARED.CONFLICT',
      detail: 'A resource with these values already exists',
    };
  }
  if (state && PG_DATA_EXCEPTION.test(state)) {
    return { status: 400, detail: 'A value in the request is out of range or not valid' };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'SHARED.UNAVAILABLE',
      detail: 'The database is unavailable; try again shortly',
    };
  }
  const fastify = error as FastifyLikeError;
  if (
    typeof fastify?.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    return { status: fastify.statusCode, detail: fastifyDetail(fastify) };
  }
  return { status: 500, detail: 'An unexpected error occurred', unexpected: true };
}

function fastifyDetail(error: FastifyLikeError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than the limit of 1 MiB';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON';
    default:
      if (error instanceof SyntaxError) return 'The body is not valid JSON';
      return error.message ?? 'Bad request';
  }
}
