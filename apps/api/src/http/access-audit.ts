import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from '@silkcart/shared';

/**
 * Every route handler must declare its access (`@Public`, `@Authenticated`, `@Allow`,
 * `@Storefront`); returns the ones that do not. The api refuses to start with any.
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
      if (!reflector.getAllAndOverride(ACCESS_KEY, [handler, metatype])) {
        missing.push(`${metatype.name}.${name}`);
      }
    }
  }
  return missing;
}
