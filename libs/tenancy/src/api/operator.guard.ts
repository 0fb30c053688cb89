import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, NotFound, Unauthenticated } from '@silkcart/shared';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `/operator/*`: 404 while OPERATOR_TOKEN is not set (the routes do not exist then), 401
 * unless the bearer is that token. Digests of equal length let the comparison take the same
 * time whatever was sent. Runs before validation, so a caller learns nothing from a body.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  private readonly token: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.token = config.plans.operatorToken ? digest(config.plans.operatorToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) throw new NotFound('No such route');
    const { headers } = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const header = headers.authorization;
    const sent = /^Bearer (\S+)$/i.exec(typeof header === 'string' ? header : '')?.[1] ?? '';
    if (!timingSafeEqual(digest(sent), this.token)) {
      throw new Unauthenticated('The operator bearer token is required');
    }
    return true;
  }
}
