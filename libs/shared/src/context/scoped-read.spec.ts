import { sqlLiteral } from './scoped-read';

describe('sqlLiteral', () => {
  it('writes numbers, booleans, null and escaped strings', () => {
    expect([1, true, null, "o'hara", 'x'].map(sqlLiteral)).toEqual([
      '1',
      'TRUE',
      'NULL',
      "'o''hara'",
      "'x'",
    ]);
  });

  it('escapes backslashes the way PostgreSQL reads them', () => {
    expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
  });

  it('refuses text with a NUL character as invalid input', () => {
    expect(() => sqlLiteral('a\u0000b')).toThrow(/NUL/);
  });

  it('writes a Date as its UTC instant', () => {
    expect(sqlLiteral(new Date('2025-03-01T10:15:00+02:00'))).toBe("'2025-03-01T08:15:00.000Z'");
    expect(() => sqlLiteral(new Date('nope'))).toThrow(/invalid Date/);
  });

  it('refuses what it cannot write', () => {
    expect(() => sqlLiteral([1, 2])).toThrow(/Only numbers/);
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
  });
});
