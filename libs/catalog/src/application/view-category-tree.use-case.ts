import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { buildTree, TreeNode } from '../domain/category-tree';
import { CategoryRepository } from '../infrastructure/category.repository';
import { CachedReads } from './cached-reads';
import type { CachedResponse } from './cached-response';
import type { CategoryNode, CategoryTree, CategoryView } from './catalog.views';

const toNode = (t: TreeNode<CategoryView>): CategoryNode => ({
  id: t.node.id,
  name: t.node.name,
  slug: t.node.slug,
  children: t.children.map(toNode),
});

/** The whole category tree of the store, no paging. */
@Injectable()
export class ViewCategoryTree {
  constructor(
    private readonly reads: CachedReads,
    private readonly categories: CategoryRepository,
  ) {}

  async execute(ctx: RequestContext, requestKey: string): Promise<CachedResponse> {
    return (await this.reads.read(ctx, requestKey, async (c) => {
      const tree: CategoryTree = { items: buildTree(await this.categories.all(c)).map(toNode) };
      return JSON.stringify(tree);
    })) as CachedResponse;
  }
}
