import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { AppLogger } from './app-logger';

/** Paths pino blanks out, wherever a request, a job or an error carries them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-order-token"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'currentPassword',
    'token',
    'refreshToken',
    'accessToken',
    'orderToken',
    'secret',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** JSON logs through nestjs-pino; every line of a request carries its `requestId`. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, service: 'api' | 'worker'): DynamicModule {
    return {
      module: LoggingModule,
      providers: [AppLogger],
      exports: [AppLogger],
      imports: [
        LoggerModule.forRoot({
          // Every route, in the path syntax Nest 12 takes (nestjs-pino's default, `*`, is the
          // old one: Nest converts it and warns on every start).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          assignResponse: true,
          pinoHttp: {
            level: config.logLevel,
            base: { service },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) =>
              String((req as IncomingMessage & { id?: string }).id),
            customProps: (req: IncomingMessage) => ({
              requestId: (req as IncomingMessage & { id?: string }).id,
            }),
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            quietReqLogger: true,
            autoLogging: {
              ignore: (req) =>
                /^\/(health|metrics)/.test(
                  (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '',
                ),
            },
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
    };
  }
}
