import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { IsOptionalButNotNull, NestedObject, NestedObjects } from './nested';

class Line {
  @IsString() sku: string;
}

class Body {
  @NestedObject(() => Line) line: Line;
  @NestedObject(() => Line, { optional: true }) extra?: Line;
  @NestedObjects(() => Line, { optional: true }) lines?: Line[];
  @IsOptionalButNotNull() @IsString() note?: string;
}

const VALID = { line: { sku: 'A' } };

/** The top-level fields with errors, each with its failed constraints or `children`. */
function errorsOf(plain: object): Record<string, string[]> {
  const errors = validateSync(plainToInstance(Body, plain), { forbidUnknownValues: true });
  return Object.fromEntries(
    errors.map((e) => [
      e.property,
      [...Object.keys(e.constraints ?? {}), ...(e.children?.length ? ['children'] : [])],
    ]),
  );
}

describe('nested body fields', () => {
  it('accepts valid objects, arrays of objects, and absent optional fields', () => {
    expect(errorsOf(VALID)).toEqual({});
    expect(errorsOf({ ...VALID, extra: { sku: 'B' }, lines: [{ sku: 'C' }], note: 'n' })).toEqual(
      {},
    );
  });

  it('refuses a required object that is absent or null', () => {
    expect(errorsOf({})).toEqual({ line: ['isDefined', 'isObject'] });
    expect(errorsOf({ line: null })).toEqual({
      line: ['isDefined', 'isObject', 'nestedValidation'],
    });
  });

  it('refuses a scalar or an array where an object is expected', () => {
    for (const value of ['x', 42, [], [{ sku: 'A' }]]) {
      expect(errorsOf({ ...VALID, extra: value }).extra).toContain('isObject');
    }
  });

  it('refuses null for an optional field, unlike @IsOptional()', () => {
    expect(errorsOf({ ...VALID, extra: null }).extra).toContain('isObject');
    expect(errorsOf({ ...VALID, lines: null }).lines).toContain('isArray');
    expect(errorsOf({ ...VALID, note: null }).note).toEqual(['isString']);
  });

  it('refuses array items that are not objects, and validates those that are', () => {
    expect(errorsOf({ ...VALID, lines: [[]] }).lines).toEqual(['isObject']);
    expect(errorsOf({ ...VALID, lines: [1] }).lines).toEqual(['isObject', 'children']);
    expect(errorsOf({ ...VALID, lines: [{}] }).lines).toEqual(['children']);
  });
});
