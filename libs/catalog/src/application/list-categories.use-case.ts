import { Injectable } from '@nestjs/common';
import { Page, PageQuery, pageOf, RequestContext } from '@silkcart/shared';
import { CategoryRepository, CategoryRow } from '../infrastructure/category.repository';

@Injectable()
export class ListCategories {
  constructor(private readonly categories: CategoryRepository) {}

  async execute(ctx: RequestContext, query: PageQuery): Promise<Page<CategoryRow>> {
    const [items, total] = await this.categories.page(ctx, query);
    return pageOf(items, total, query);
  }
}
