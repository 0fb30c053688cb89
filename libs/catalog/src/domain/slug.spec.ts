import { firstFreeSlug, slugify } from './slug';

describe('slugs', () => {
  it('derives a slug from a name, folding accents', () => {
    expect(slugify('Summer Shoes')).toBe('summer-shoes');
    expect(slugify('  Crème Brûlée & Café!  ')).toBe('creme-brulee-and-cafe');
    expect(slugify('Ångström -- Über')).toBe('angstrom-uber');
  });

  it('adds -2, -3 on collision', () => {
    expect(firstFreeSlug('shoes', [])).toBe('shoes');
    expect(firstFreeSlug('shoes', ['shoes'])).toBe('shoes-2');
    expect(firstFreeSlug('shoes', ['shoes', 'shoes-2', 'shoes-4'])).toBe('shoes-3');
  });
});
