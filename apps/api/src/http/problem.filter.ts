import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { buildProblem, PROBLEM_CONTENT_TYPE } from '@silkcart/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblemParts } from './error-mapping';

const logger = new Logger('ProblemFilter');

/** Writes any error as application/problem+json; unexpected ones are logged with their stack. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const parts = toProblemParts(error);
  if (parts.unexpected) {
    logger.error({ err: error, requestId: request.id }, 'unexpected error');
  }
  const problem = buildProblem(parts, request.url.split('?')[0], request.id);
  reply.status(parts.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
