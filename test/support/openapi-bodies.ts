import { randomBytes, randomUUID } from 'node:crypto';

/** The parts of an OpenAPI 3 schema object the served document uses for request bodies. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
}

export interface JsonBodyOperation {
  method: string;
  path: string;
  schema: Schema;
}

/** A body derived from a valid one: `field` (a dotted path) omitted or replaced by `value`. */
export interface BodyCase {
  field: string;
  value?: unknown;
}

export const OMITTED = Symbol('omitted');

interface Document {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Request bodies of an OpenAPI document: valid examples and the cases derived from them. */
export class OpenApiBodies {
  constructor(private readonly document: Document) {}

  /** `/storefront/...` copies are the `/catalog/{storeSlug}/...` handlers: those are sent. */
  jsonBodyOperations(): JsonBodyOperation[] {
    const paths = Object.entries(this.document.paths).filter(
      ([path]) => !path.startsWith('/api/v1/storefront/'),
    );
    return paths.flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const schema = op.requestBody?.content['application/json']?.schema;
        return schema ? [{ method: method.toUpperCase(), path, schema }] : [];
      }),
    );
  }

  resolve(schema: Schema): Schema {
    const allOf = (schema as { allOf?: Schema[] }).allOf;
    if (allOf) return this.resolve(allOf[0]);
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const found = this.document.components.schemas[name];
    if (!found) throw new Error(`unknown schema ${schema.$ref}`);
    return this.resolve(found);
  }

  /** An object with named properties or a map: a body field whose value must be a JSON object. */
  isObject(schema: Schema): boolean {
    const s = this.resolve(schema);
    return !!s.properties || (typeof s.additionalProperties === 'object' && s.type === 'object');
  }

  isArrayOfObjects(schema: Schema): boolean {
    const s = this.resolve(schema);
    return s.type === 'array' && !!s.items && this.isObject(s.items);
  }

  /**
   * A value the schema allows, with every optional property too: enums take their first value,
   * formats a fresh value (emails and slugs unique), numbers their minimum (at least 1).
   */
  example(schema: Schema): unknown {
    const s = this.resolve(schema);
    if (s.enum) return s.enum[0];
    if (Array.isArray((s as { allOf?: Schema[] }).allOf)) {
      return this.example((s as { allOf: Schema[] }).allOf[0]);
    }
    if (s.properties) {
      return Object.fromEntries(
        Object.entries(s.properties).map(([name, p]) => [name, this.example(p)]),
      );
    }
    if (s.format === 'email') return `${hex()}@example.com`;
    if (s.format === 'uuid') return randomUUID();
    if (s.example !== undefined) return structuredClone(s.example);
    if (s.default !== undefined) return s.default;
    switch (s.type) {
      case 'object':
        if (typeof s.additionalProperties === 'object') return {};
        // `type: object` without properties is how the document shows `T | null` scalars.
        if (s.nullable) return null;
        throw new Error(`no example for ${JSON.stringify(s)}`);
      case 'array':
        return [this.example(s.items ?? {})];
      case 'string': {
        if (s.pattern) {
          const value = `x${hex()}`;
          if (!new RegExp(s.pattern).test(value)) throw new Error(`no example for ${s.pattern}`);
          return value;
        }
        return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
      }
      case 'number':
      case 'integer':
        return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? Infinity);
      case 'boolean':
        return true;
      default:
        throw new Error(`no example for ${JSON.stringify(s)}`);
    }
  }

  /**
   * Each required property present in `body`, at any depth (nested objects and the first item
   * of arrays), as the dotted path the 400 must name.
   */
  requiredFields(schema: Schema, body: unknown, parent = ''): BodyCase[] {
    return this.visit(schema, body, parent, (field, _, required) => (required ? [{ field }] : []));
  }

  /**
   * Each object (or array of objects) property present in `body`, replaced by a scalar, an
   * array (of scalars, for an array of objects) and null; an array's items by a non-object.
   */
  objectReplacements(schema: Schema, body: unknown, parent = ''): BodyCase[] {
    return this.visit(schema, body, parent, (field, p) => {
      const values = this.isObject(p)
        ? ['x', 42, [], [1], null]
        : this.isArrayOfObjects(p)
          ? ['x', 42, {}, [1], [[]], [null], null]
          : [];
      return values
        .filter((value) => value !== null || !this.resolve(p).nullable)
        .map((value) => ({ field, value }));
    });
  }

  /**
   * Each other property present in `body` that the document does not mark nullable, set to
   * null (object fields get null among their replacements).
   */
  nullReplacements(schema: Schema, body: unknown, parent = ''): BodyCase[] {
    return this.visit(schema, body, parent, (field, p) =>
      this.resolve(p).nullable || this.isObject(p) || this.isArrayOfObjects(p)
        ? []
        : [{ field, value: null }],
    );
  }

  private visit(
    schema: Schema,
    body: unknown,
    parent: string,
    cases: (field: string, property: Schema, required: boolean) => BodyCase[],
  ): BodyCase[] {
    const s = this.resolve(schema);
    if (!s.properties || !isPlainObject(body)) return [];
    return Object.entries(s.properties).flatMap(([name, p]) => {
      if (!(name in body)) return [];
      const field = parent ? `${parent}.${name}` : name;
      const value = body[name];
      const own = cases(field, p, (s.required ?? []).includes(name));
      const resolved = this.resolve(p);
      if (resolved.properties) return [...own, ...this.visit(resolved, value, field, cases)];
      if (resolved.type === 'array' && resolved.items && Array.isArray(value) && value.length) {
        return [...own, ...this.visit(resolved.items, value[0], `${field}.0`, cases)];
      }
      return own;
    });
  }
}

/** `body` with the field at a dotted path omitted (`OMITTED`) or set. */
export function withField(body: unknown, field: string, value: unknown): unknown {
  const copy = structuredClone(body);
  const keys = field.split('.');
  const last = keys.pop() as string;
  let target: unknown = copy;
  for (const key of keys) target = (target as Json)[key];
  if (typeof target !== 'object' || target === null || (value === OMITTED && !(last in target))) {
    throw new Error(`no field ${field} in ${JSON.stringify(body)}`);
  }
  if (value === OMITTED) delete (target as Json)[last];
  else (target as Json)[last] = value;
  return copy;
}

/**
 * `base` with `patch` laid over it: objects and arrays merge key by key, index by index;
 * a key whose patch value is `OMITTED` is removed.
 */
export function overlay(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    return patch.map((item, i) => overlay(base[i], item));
  }
  if (isPlainObject(base) && isPlainObject(patch)) {
    const merged: Json = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === OMITTED) delete merged[key];
      else merged[key] = overlay(base[key], value);
    }
    return merged;
  }
  return patch;
}

const hex = () => randomBytes(4).toString('hex');
