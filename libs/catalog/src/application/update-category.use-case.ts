import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { CategoryNotFound, InvalidCatalogInput, SlugTaken } from '../domain/catalog.errors';
import { wouldCreateCycle } from '../domain/category-tree';
import { CategoryRepository } from '../infrastructure/category.repository';
import { ProductChanges } from './product-changes';
import type { CategoryView } from './catalog.views';

/** Renames or moves a category; a parent that would make a cycle is refused. */
@Injectable()
export class UpdateCategory {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly changes: ProductChanges,
  ) {}

  async execute(
    ctx: RequestContext,
    id: string,
    change: { name?: string; slug?: string; parentId?: string | null; position?: number },
  ): Promise<CategoryView> {
    const all = await this.categories.all(ctx);
    const category = all.find((c) => c.id === id);
    if (!category) throw new CategoryNotFound();
    if (change.parentId !== undefined && change.parentId !== null) {
      if (!all.some((c) => c.id === change.parentId)) {
        throw new InvalidCatalogInput('The parent is not a category of this store', [
          { field: 'parentId', message: 'parentId is not a category of this store' },
        ]);
      }
      if (wouldCreateCycle(id, change.parentId, new Map(all.map((c) => [c.id, c.parentId])))) {
        throw new InvalidCatalogInput('That parent would make a cycle', [
          { field: 'parentId', message: 'parentId would make the category its own ancestor' },
        ]);
      }
    }
    if (
      change.slug !== undefined &&
      change.slug !== category.slug &&
      all.some((c) => c.slug === change.slug)
    ) {
      throw new SlugTaken();
    }
    const next: CategoryView = {
      ...category,
      name: change.name?.trim() ?? category.name,
      slug: change.slug ?? category.slug,
      parentId: change.parentId === undefined ? category.parentId : change.parentId,
      position: change.position ?? category.position,
    };
    await this.changes.categoryChanged(ctx, id, () => this.categories.update(ctx, next));
    return next;
  }
}
