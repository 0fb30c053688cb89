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
