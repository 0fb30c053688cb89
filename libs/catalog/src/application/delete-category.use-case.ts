import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { CategoryNotFound } from '../domain/catalog.errors';
import { CatalogVersions } from '../infrastructure/catalog-versions';
import { CategoryRepository } from '../infrastructure/category.repository';

/** Deletes a category; its children move to the top level and its products lose it. */
@Injectable()
export class DeleteCategory {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly versions: CatalogVersions,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.categories.find(ctx, id))) throw new CategoryNotFound();
    await this.categories.delete(ctx, id);
    await this.versions.bump(ctx);
  }
}
