/**
 * The field model of a message (`events {}` fields and record types) in the four forms the generated
 * project needs, all from one place so that they cannot disagree: the TypeScript type, the runtime check
 * (generated guards), the JSON Schema (2020-12, or an AsyncAPI schema object), and an example value.
 */
import type { Field, FieldType, PrimitiveType } from '../../compiler/model.js';
import { propertyKey } from './safe-names.js';

/** What the field functions need to know about records: their type identifiers. */
export interface RecordNames {
  /** The TypeScript identifier of a record type, by model name (absent: not a record). */
  typeOf(record: string): string | undefined;
  /** The ASCII key of its schema (`$defs/<key>`). */
  keyOf(record: string): string | undefined;
  /** The record's fields, by model name. */
  fieldsOf(record: string): readonly Field[] | undefined;
}

const tsPrimitive: Record<PrimitiveType, string> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  uuid: 'string',
  datetime: 'string',
  money: 'v.Money',
};

/** The TypeScript type of a field (inside a module that imports the validation helpers as `v`). */
export function tsType(t: FieldType, names: RecordNames): string {
  switch (t.kind) {
    case 'primitive':
      return tsPrimitive[t.name];
    case 'record':
      return names.typeOf(t.name) ?? 'unknown';
    case 'list': {
      const inner = tsType(t.of, names);
      return /^[\w.$]+$/u.test(inner) ? `${inner}[]` : `(${inner})[]`;
    }
    case 'unknown':
      return 'unknown';
  }
}

/** A comment for types whose TypeScript form says less than the model (`uuid`, `datetime`, `integer`). */
export function typeNote(t: FieldType): string | undefined {
  if (t.kind === 'list') return typeNote(t.of);
  if (t.kind !== 'primitive') return undefined;
  switch (t.name) {
    case 'uuid':
      return 'a UUID';
    case 'datetime':
      return 'an RFC 3339 date-time';
    case 'integer':
      return 'an integer';
    default:
      return undefined;
  }
}

/** The runtime check of a field's value: an expression of type `v.Check`. */
export function checkExpr(t: FieldType, names: RecordNames): string {
  switch (t.kind) {
    case 'primitive':
      return `v.${t.name}`;
    case 'record': {
      const id = names.typeOf(t.name);
      return id ? `check${id}` : 'v.anything';
    }
    case 'list':
      return `v.list(${checkExpr(t.of, names)})`;
    case 'unknown':
      return 'v.anything';
  }
}

export interface FieldView {
  /** The key as written in a type. */
  key: string;
  /** The key as written in an object literal (`__proto__` is computed there, or it would set the prototype). */
  literalKey: string;
  /** The name as a string literal. */
  nameLiteral: string;
  optional: boolean;
  type: string;
  check: string;
  note?: string;
  example: string;
}

export function fieldViews(fields: readonly Field[], names: RecordNames): FieldView[] {
  return fields.map((f) => {
    const note = typeNote(f.type);
    return {
      key: propertyKey(f.name),
      literalKey: f.name === '__proto__' ? '["__proto__"]' : propertyKey(f.name),
      nameLiteral: JSON.stringify(f.name),
      optional: f.optional,
      type: tsType(f.type, names),
      check: checkExpr(f.type, names),
      ...(note ? { note } : {}),
      example: exampleExpr(f.type, names, []),
    };
  });
}

/**
 * An example payload: every field, except an optional one that would contain its own record again
 * (a list of it is empty instead), so that examples of recursive records are finite.
 */
export function exampleObject(fields: readonly Field[] | undefined, names: RecordNames, within: readonly string[]): string {
  if (!fields || fields.length === 0) return '{}';
  const views = fieldViews(fields, names);
  const parts: string[] = [];
  fields.forEach((f, i) => {
    if (f.optional && f.type.kind === 'record' && (within.includes(f.type.name) || recursive(f.type.name, names))) return;
    parts.push(`${views[i]!.literalKey}: ${exampleExpr(f.type, names, within)}`);
  });
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/** True when record `name` contains itself through any path. */
function recursive(name: string, names: RecordNames, from: string = name, seen = new Set<string>()): boolean {
  for (const f of names.fieldsOf(from) ?? []) {
    let t = f.type;
    while (t.kind === 'list') t = t.of;
    if (t.kind !== 'record') continue;
    if (t.name === name) return true;
    if (!seen.has(t.name)) {
      seen.add(t.name);
      if (recursive(name, names, t.name, seen)) return true;
    }
  }
  return false;
}

const examplePrimitive: Record<PrimitiveType, string> = {
  string: "'text'",
  integer: '1',
  number: '1.5',
  boolean: 'true',
  uuid: "'00000000-0000-4000-8000-000000000000'",
  datetime: "'2026-01-01T00:00:00.000Z'",
  money: "{ amount: '10.00', currency: 'EUR' }",
};

/**
 * An example value that passes the check. A record refers to its example function; a record that
 * contains itself through lists gets an empty list there, so examples are finite.
 */
export function exampleExpr(t: FieldType, names: RecordNames, within: readonly string[]): string {
  switch (t.kind) {
    case 'primitive':
      return examplePrimitive[t.name];
    case 'record': {
      const id = names.typeOf(t.name);
      return id ? `example${id}()` : 'null';
    }
    case 'list': {
      const inner = innermost(t);
      if (inner.kind === 'record' && (within.includes(inner.name) || reaches(inner.name, within, names))) return '[]';
      return `[${exampleExpr(t.of, names, within)}]`;
    }
    case 'unknown':
      return 'null';
  }
}

function innermost(t: FieldType): FieldType {
  return t.kind === 'list' ? innermost(t.of) : t;
}

/** True when record `name` refers (through any path) to one of `targets` or to itself. */
function reaches(name: string, targets: readonly string[], names: RecordNames, seen = new Set<string>()): boolean {
  if (seen.has(name)) return true;
  seen.add(name);
  for (const f of names.fieldsOf(name) ?? []) {
    const inner = innermost(f.type);
    if (inner.kind !== 'record') continue;
    if (targets.includes(inner.name) || reaches(inner.name, targets, names, seen)) return true;
  }
  return false;
}

export type JsonSchema = { [key: string]: unknown };

export const moneySchema: JsonSchema = {
  type: 'object',
  description: 'An amount of money: a decimal string (no binary floating point) and an ISO 4217 currency code.',
  properties: {
    amount: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
  required: ['amount', 'currency'],
  additionalProperties: false,
};

/** Where schemas refer to records and to money: `#/$defs/<key>`, or AsyncAPI components. */
export interface SchemaRefs {
  record(key: string): string;
  money: string;
}

export const defsRefs: SchemaRefs = { record: (key) => `#/$defs/${key}`, money: '#/$defs/money' };

/** A JSON Schema of a field type. */
export function fieldSchema(t: FieldType, names: RecordNames, refs: SchemaRefs): JsonSchema {
  switch (t.kind) {
    case 'primitive':
      switch (t.name) {
        case 'uuid':
          return { type: 'string', format: 'uuid' };
        case 'datetime':
          return { type: 'string', format: 'date-time' };
        case 'money':
          return { $ref: refs.money };
        default:
          return { type: t.name };
      }
    case 'record': {
      const key = names.keyOf(t.name);
      return key ? { $ref: refs.record(key) } : {};
    }
    case 'list':
      return { type: 'array', items: fieldSchema(t.of, names, refs) };
    case 'unknown':
      return {};
  }
}

/**
 * The schema of an object with these fields (closed: unknown keys are rejected, as the guards do). A field
 * named `__proto__` is described under `patternProperties`: YAML and JSON Schema tools that read keys into
 * plain objects would otherwise take it for the object's prototype.
 */
export function objectSchema(fields: readonly Field[] | undefined, names: RecordNames, refs: SchemaRefs): JsonSchema {
  if (!fields) return { type: 'object' };
  const properties: Record<string, JsonSchema> = {};
  const patternProperties: Record<string, JsonSchema> = {};
  for (const f of fields) {
    if (f.name === '__proto__') patternProperties['^__proto__$'] = fieldSchema(f.type, names, refs);
    else properties[f.name] = fieldSchema(f.type, names, refs);
  }
  const required = fields.filter((f) => !f.optional).map((f) => f.name);
  return {
    type: 'object',
    properties,
    ...(Object.keys(patternProperties).length > 0 ? { patternProperties } : {}),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** The records (by model name) and whether money is used, reachable from these fields, in first-use order. */
export function reachable(fields: readonly Field[] | undefined, names: RecordNames): { records: string[]; money: boolean } {
  const records: string[] = [];
  let money = false;
  const visit = (fs: readonly Field[]) => {
    for (const f of fs) {
      const t = innermost(f.type);
      if (t.kind === 'primitive' && t.name === 'money') money = true;
      if (t.kind === 'record' && names.typeOf(t.name) && !records.includes(t.name)) {
        records.push(t.name);
        visit(names.fieldsOf(t.name) ?? []);
      }
    }
  };
  visit(fields ?? []);
  return { records, money };
}
