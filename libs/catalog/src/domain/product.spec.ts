import { prefixTsQuery } from './product';

describe('prefixTsQuery', () => {
  it('matches every word as a prefix', () => {
    expect(prefixTsQuery('Red sho')).toBe('red:* & sho:*');
  });

  it('drops tsquery syntax a client might send', () => {
    expect(prefixTsQuery("shoe's & (boot | !hat):*")).toBe('shoe:* & s:* & boot:* & hat:*');
  });

  it('gives nothing for a query without words', () => {
    expect(prefixTsQuery(' -- !! ')).toBeNull();
  });
});
