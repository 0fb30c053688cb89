import { inlineParams } from './scoped-read';

describe('inlineParams', () => {
  it('inlines numbers, booleans, null and escaped strings', () => {
    expect(
      inlineParams('select $1, $2, $3, $4, $10', [1, true, null, "o'hara", 0, 0, 0, 0, 0, 'x']),
    ).toBe("select 1, TRUE, NULL, 'o''hara', 'x'");
  });

  it('escapes backslashes the way PostgreSQL reads them', () => {
    expect(inlineParams('select $1', ['a\\b'])).toBe("select  E'a\\\\b'");
  });

  it('refuses text with a NUL character as invalid input', () => {
    expect(() => inlineParams('select $1', ['a\u0000b'])).toThrow(/NUL/);
  });

  it('refuses what it cannot inline', () => {
    expect(() => inlineParams('select $1', [[1, 2]])).toThrow(/only numbers/);
    expect(() => inlineParams('select $1', [Number.NaN])).toThrow(/finite/);
  });
});
