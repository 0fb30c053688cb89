import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsObject, ValidateIf, ValidateNested } from 'class-validator';

type DtoClass = new () => object;

export interface NestedOptions {
  /** The field may be left out; null is still refused (unlike `@IsOptional()`). */
  optional?: boolean;
}

/**
 * Like `@IsOptional()` but for absence only: null is validated (and refused) like any value,
 * so it never reaches code that spreads or indexes the field.
 */
export const IsOptionalButNotNull = () => ValidateIf((_, value) => value !== undefined);

const presence = (optional?: boolean) => (optional ? IsOptionalButNotNull() : IsDefined());

/**
 * A nested object. `@ValidateNested()` alone lets `undefined` through and validates an array's
 * items instead of refusing it; here absence (when required), null, a scalar or an array is a
 * 400 naming the field.
 */
export function NestedObject(type: () => DtoClass, { optional }: NestedOptions = {}) {
  return applyDecorators(presence(optional), IsObject(), ValidateNested(), Type(type));
}

/** An array of nested objects: an item that is not an object (`[[]]`, `[1]`) is a 400 too. */
export function NestedObjects(type: () => DtoClass, { optional }: NestedOptions = {}) {
  return applyDecorators(
    presence(optional),
    IsArray(),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );
}
