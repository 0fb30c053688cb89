import { Injectable } from '@nestjs/common';
import { Page, PageQuery, pageOf, RequestContext } from '@silkcart/shared';
import { CategoryRepository } from '../infrastructure/category.repository';
import type { CategoryView } from './catalog.views';

@Injectable()
export class ListCategories {
  constructor(private readonly categories: CategoryRepository) {}

  async execute(ctx: RequestContext, query: PageQuery): Promise<Page<CategoryView>> {
    const [items, total] = await this.categories.page(ctx, query);
    return pageOf(items, total, query);
  }
}
