/**
 * Whether giving `categoryId` the parent `newParentId` would make a cycle: the new parent is
 * the category itself or one of its descendants. `parentOf` maps every category of the store
 * to its parent.
 */
export function wouldCreateCycle(
  categoryId: string,
  newParentId: string | null,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  for (let at = newParentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
    if (at === categoryId || seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

export interface TreeNode<T> {
  node: T;
  children: TreeNode<T>[];
}

/** Builds the forest of categories, children in position order. */
export function buildTree<
  T extends { id: string; parentId: string | null; position: number; name: string },
>(items: T[]): TreeNode<T>[] {
  const nodes = new Map(
    items.map((item) => [item.id, { node: item, children: [] as TreeNode<T>[] }]),
  );
  const roots: TreeNode<T>[] = [];
  for (const entry of nodes.values()) {
    const parent = entry.node.parentId ? nodes.get(entry.node.parentId) : undefined;
    (parent ? parent.children : roots).push(entry);
  }
  const order = (list: TreeNode<T>[]) => {
    list.sort(
      (a, b) => a.node.position - b.node.position || a.node.name.localeCompare(b.node.name),
    );
    list.forEach((n) => order(n.children));
  };
  order(roots);
  return roots;
}
