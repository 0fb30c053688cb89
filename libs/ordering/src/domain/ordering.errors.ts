import { DomainError, FieldError } from '@silkcart/shared';

export class InsufficientStock extends DomainError {
  readonly code = 'ORDERING.INSUFFICIENT_STOCK';
  readonly kind = 'conflict';
  constructor(
    readonly variantIds: string[],
    fieldOf: (variantId: string) => string,
  ) {
    super(
      `Not enough stock for ${variantIds.length === 1 ? 'a variant' : `${variantIds.length} variants`}`,
      variantIds.map((id) => ({
        field: fieldOf(id),
        message: `not enough stock for variant ${id}`,
      })),
    );
  }
}

export class InvalidOrderItems extends DomainError {
  readonly code = 'ORDERING.INVALID_ITEMS';
  readonly kind = 'invalid';
  constructor(errors: FieldError[]) {
    super('Some items cannot be ordered', errors);
  }
}

export class InvalidOrderTransition extends DomainError {
  readonly code = 'ORDERING.INVALID_TRANSITION';
  readonly kind = 'conflict';
  constructor(from: string, to: string) {
    super(`An order that is ${from} cannot become ${to}`);
  }
}

export class OrderNotFound extends DomainError {
  readonly code = 'ORDERING.ORDER_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such order');
  }
}

export class CartNotFound extends DomainError {
  readonly code = 'ORDERING.CART_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such cart');
  }
}

export class CartItemNotFound extends DomainError {
  readonly code = 'ORDERING.CART_ITEM_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such item in this cart');
  }
}

export class CartConsumed extends DomainError {
  readonly code = 'ORDERING.CART_CONSUMED';
  readonly kind = 'conflict';
  constructor() {
    super('This cart became an order and can no longer change');
  }
}

export class PromotionNotFound extends DomainError {
  readonly code = 'ORDERING.PROMOTION_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such promotion');
  }
}

export class PromotionCodeTaken extends DomainError {
  readonly code = 'ORDERING.PROMOTION_CODE_TAKEN';
  readonly kind = 'conflict';
  constructor() {
    super('A promotion of this store already has this code', [
      { field: 'code', message: 'code is taken in this store' },
    ]);
  }
}

/** A code that does not apply to a cart (400) or to an order being placed (409). */
export class PromotionNotApplicable extends DomainError {
  readonly code = 'ORDERING.PROMOTION_NOT_APPLICABLE';
  readonly kind: 'invalid' | 'conflict';
  constructor(code: string, why: string, atOrder: boolean) {
    super(`The code ${code} does not apply: ${why}`, [{ field: 'code', message: why }]);
    this.kind = atOrder ? 'conflict' : 'invalid';
  }
}

export class ReviewNotFound extends DomainError {
  readonly code = 'ORDERING.REVIEW_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such review');
  }
}

export class ReviewNotAllowed extends DomainError {
  readonly code = 'ORDERING.REVIEW_NOT_ALLOWED';
  readonly kind = 'forbidden';
  constructor(why: string) {
    super(why);
  }
}

export class ReviewExists extends DomainError {
  readonly code = 'ORDERING.REVIEW_EXISTS';
  readonly kind = 'conflict';
  constructor() {
    super('This order already has a review of this product');
  }
}

export class ProductNotReviewable extends DomainError {
  readonly code = 'ORDERING.PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such product');
  }
}
