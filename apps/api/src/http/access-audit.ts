import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Access, ACCESS_KEY, IDEMPOTENT_KEY } from '@silkcart/shared';

/**
 * Every route handler must declare its access (`@Public`, `@Authenticated`, `@Allow`,
 * `@Storefront`), and every POST of a store route `@Idempotent()` (the contract's
 * Idempotency-Key); returns the ones that do not. The api refuses to start with any.
 */
export function undeclaredRoutes(app: INestApplication): string[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (
        ...args: unknown[]
      ) => unknown;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
        handler,
        metatype,
      ]);
      if (!access) missing.push(`${metatype.name}.${name}`);
      const isPost = Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST;
      if (
        access?.kind === 'store' &&
        isPost &&
        !reflector.getAllAndOverride(IDEMPOTENT_KEY, [handler, metatype])
      ) {
        missing.push(`${metatype.name}.${name} (a store POST without @Idempotent())`);
      }
    }
  }
  return missing;
}
