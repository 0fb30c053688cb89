import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { InvalidCatalogInput, SlugTaken } from '../domain/catalog.errors';
import { firstFreeSlug, slugify } from '../domain/slug';
import { CategoryRepository } from '../infrastructure/category.repository';
import { ProductChanges } from './product-changes';
import type { CategoryView } from './catalog.views';

@Injectable()
export class CreateCategory {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly changes: ProductChanges,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { name: string; slug?: string; parentId?: string | null; position?: number },
  ): Promise<CategoryView> {
    if (input.parentId && !(await this.categories.find(ctx, input.parentId))) {
      throw new InvalidCatalogInput('The parent is not a category of this store', [
        { field: 'parentId', message: 'parentId is not a category of this store' },
      ]);
    }
    const slug = await this.slugFor(ctx, input.name, input.slug);
    const category = await this.categories.insert(ctx, {
      name: input.name.trim(),
      slug,
      parentId: input.parentId ?? null,
      position: input.position ?? 0,
    });
    await this.changes.categoryChanged(ctx, category.id);
    return category;
  }

  private async slugFor(ctx: RequestContext, name: string, given?: string): Promise<string> {
    if (given) {
      if ((await this.categories.slugsLike(ctx, given)).includes(given)) throw new SlugTaken();
      return given;
    }
    const base = slugify(name) || 'category';
    return firstFreeSlug(base, await this.categories.slugsLike(ctx, base));
  }
}
