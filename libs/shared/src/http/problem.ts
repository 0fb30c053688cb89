import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorKind, FieldError } from '../errors/domain-error';

/** RFC 9457 problem details, as the contract shapes them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  /** A problem type's own fields (`limit`, `used`, `hard` for `plan-limit`). */
  [field: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://silkcart.dev/problems/';

const KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_media: 415,
  payment_required: 402,
  rate_limited: 429,
  bad_gateway: 502,
  unavailable: 503,
};

const STATUS_SLUG: Record<number, string> = {
  400: 'bad-request',
  402: 'payment-required',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-entity',
  429: 'too-many-requests',
  500: 'internal',
  502: 'bad-gateway',
  503: 'unavailable',
};

/** Parts of a problem before the request fills in where it happened. */
export interface ProblemParts {
  status: number;
  /** A stable code such as `ORDERING.INSUFFICIENT_STOCK`; becomes the `type`. */
  code?: string;
  detail: string;
  errors?: FieldError[];
  /** Extra members of the body; never replace the standard ones. */
  fields?: Record<string, unknown>;
  /** Logged as a bug: an unexpected failure. */
  unexpected?: boolean;
}

export function statusOfKind(kind: ErrorKind): number {
  return KIND_STATUS[kind];
}

export function problemFromDomainError(error: DomainError): ProblemParts {
  return {
    status: statusOfKind(error.kind),
    code: error.code,
    detail: error.message,
    errors: error.errors,
    fields: error.problemFields,
  };
}

export function buildProblem(parts: ProblemParts, instance: string, requestId: string): Problem {
  const slug = parts.code
    ? parts.code.toLowerCase().replace(/[._]/g, '-')
    : (STATUS_SLUG[parts.status] ?? `http-${parts.status}`);
  const problem: Problem = {
    ...parts.fields,
    type: TYPE_BASE + slug,
    title: STATUS_CODES[parts.status] ?? 'Error',
    status: parts.status,
    detail: parts.detail,
    instance,
    requestId,
  };
  if (parts.errors && parts.errors.length > 0) problem.errors = parts.errors;
  return problem;
}
