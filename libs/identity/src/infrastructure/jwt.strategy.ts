import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@silkcart/shared';
import { ExtractJwt, Strategy } from 'passport-jwt';

export interface AccessTokenClaims {
  sub: string;
  jti: string;
  /** Set on customer tokens only: those are refused here. */
  aud?: unknown;
}

/** Bearer access tokens: HS256 JWTs with `sub` (the user) and `jti`. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): { userId: string } | false {
    return typeof claims.sub === 'string' && typeof claims.jti === 'string' && !claims.aud
      ? { userId: claims.sub }
      : false;
  }
}
