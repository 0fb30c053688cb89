import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { CategoryNotFound } from '../domain/catalog.errors';
import { CategoryRepository } from '../infrastructure/category.repository';
import { ProductChanges } from './product-changes';

/** Deletes a category; its children move to the top level and its products lose it. */
@Injectable()
export class DeleteCategory {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly changes: ProductChanges,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.categories.find(ctx, id))) throw new CategoryNotFound();
    await this.changes.categoryChanged(ctx, id, () => this.categories.delete(ctx, id));
  }
}
