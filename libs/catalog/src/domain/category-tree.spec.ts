import { buildTree, wouldCreateCycle } from './category-tree';

// shoes ─ boots ─ winter-boots
const parents = new Map<string, string | null>([
  ['shoes', null],
  ['boots', 'shoes'],
  ['winter-boots', 'boots'],
  ['hats', null],
]);

describe('category tree', () => {
  it('refuses a category as its own parent', () => {
    expect(wouldCreateCycle('boots', 'boots', parents)).toBe(true);
  });

  it('refuses a descendant as the parent', () => {
    expect(wouldCreateCycle('shoes', 'winter-boots', parents)).toBe(true);
  });

  it('allows moves that keep a tree', () => {
    expect(wouldCreateCycle('winter-boots', 'shoes', parents)).toBe(false);
    expect(wouldCreateCycle('boots', 'hats', parents)).toBe(false);
    expect(wouldCreateCycle('boots', null, parents)).toBe(false);
  });

  it('builds the forest in position order', () => {
    const tree = buildTree([
      { id: 'b', parentId: null, position: 2, name: 'B' },
      { id: 'a', parentId: null, position: 1, name: 'A' },
      { id: 'a1', parentId: 'a', position: 0, name: 'A1' },
    ]);
    expect(tree.map((t) => t.node.id)).toEqual(['a', 'b']);
    expect(tree[0].children.map((t) => t.node.id)).toEqual(['a1']);
  });
});
