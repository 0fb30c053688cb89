import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFound } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A resource id from the path: anything but a UUID names no resource, so 404 (not 400). */
@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFound('No such resource');
    return value.toLowerCase();
  }
}
