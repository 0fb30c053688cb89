import { storefrontRequestKey } from './storefront-fast-path';

describe('storefrontRequestKey', () => {
  const base = '/api/v1/catalog/shop/products';

  it('is the same whatever the order of the query parameters', () => {
    expect(storefrontRequestKey(`${base}?ordering=price&category=tops`)).toBe(
      storefrontRequestKey(`${base}?category=tops&ordering=price`),
    );
  });

  it('tells different queries apart', () => {
    expect(storefrontRequestKey(`${base}?page=1`)).not.toBe(storefrontRequestKey(`${base}?page=2`));
    expect(storefrontRequestKey(`${base}?q=a&q=b`)).not.toBe(storefrontRequestKey(`${base}?q=a`));
    expect(storefrontRequestKey(`${base}?q=b&q=a`)).not.toBe(
      storefrontRequestKey(`${base}?q=a&q=b`),
    );
  });

  it('ignores an empty query and empty pairs', () => {
    expect(storefrontRequestKey(`${base}?`)).toBe(base);
    expect(storefrontRequestKey(`${base}?&page=2&`)).toBe(`${base}?page=2`);
  });
});
