import { DomainError, FieldError } from '@silkcart/shared';

export class ProductNotFound extends DomainError {
  readonly code = 'CATALOG.PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such product');
  }
}

export class CategoryNotFound extends DomainError {
  readonly code = 'CATALOG.CATEGORY_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such category');
  }
}

export class VariantNotFound extends DomainError {
  readonly code = 'CATALOG.VARIANT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such variant');
  }
}

export class ImageNotFound extends DomainError {
  readonly code = 'CATALOG.IMAGE_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such image');
  }
}

export class SlugTaken extends DomainError {
  readonly code = 'CATALOG.SLUG_TAKEN';
  readonly kind = 'conflict';
  constructor() {
    super('This slug is already used in the store', [{ field: 'slug', message: 'slug is taken' }]);
  }
}

export class SkuTaken extends DomainError {
  readonly code = 'CATALOG.SKU_TAKEN';
  readonly kind = 'conflict';
  constructor(field = 'sku') {
    super('This SKU is already used in the store', [{ field, message: 'sku is taken' }]);
  }
}

export class InvalidCatalogInput extends DomainError {
  readonly code = 'CATALOG.INVALID';
  readonly kind = 'invalid';
  constructor(message: string, errors: FieldError[]) {
    super(message, errors);
  }
}

export class UnsupportedImage extends DomainError {
  readonly code = 'CATALOG.UNSUPPORTED_IMAGE';
  readonly kind = 'unsupported_media';
  constructor() {
    super('Images must be JPEG, PNG, WebP or GIF (decided by their content)');
  }
}

export class ImageTooLarge extends DomainError {
  readonly code = 'CATALOG.IMAGE_TOO_LARGE';
  readonly kind = 'too_large';
  constructor() {
    super('Images may be at most 5 MiB');
  }
}
