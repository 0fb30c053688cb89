import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@silkcart/shared';
import { buildTree, TreeNode } from '../domain/category-tree';
import { CategoryRepository, CategoryRow } from '../infrastructure/category.repository';
import type { CachedResponse } from '../infrastructure/storefront-cache';
import { CachedReads } from './cached-reads';

interface PublicCategory {
  id: string;
  name: string;
  slug: string;
  children: PublicCategory[];
}

const toPublic = (t: TreeNode<CategoryRow>): PublicCategory => ({
  id: t.node.id,
  name: t.node.name,
  slug: t.node.slug,
  children: t.children.map(toPublic),
});

/** The whole category tree of the store, no paging. */
@Injectable()
export class ViewCategoryTree {
  constructor(
    private readonly reads: CachedReads,
    private readonly categories: CategoryRepository,
  ) {}

  async execute(ctx: RequestContext, requestKey: string): Promise<CachedResponse> {
    return (await this.reads.read(ctx, requestKey, async (c) =>
      JSON.stringify({ items: buildTree(await this.categories.all(c)).map(toPublic) }),
    )) as CachedResponse;
  }
}
