/**
 * Model names → TypeScript identifiers and file names. Every name craft gen writes goes through here:
 *
 * - identifiers: PascalCase for types, camelCase for functions and values; unicode letters are kept when
 *   they are valid identifier characters, anything else separates words; reserved words and
 *   `__proto__`/`constructor`/`prototype` get a `_` suffix; a leading digit gets a `_` prefix;
 * - file names: lower-kebab ASCII (diacritics dropped, a few letters transliterated, other letters and
 *   digits written as `u<hex>`), never empty, never `.` or `..`, never a path separator, at most 80
 *   characters (a longer name keeps a hash of the whole);
 * - a `Namespace` hands out names and never gives the same one twice: the second claimant of a name gets a
 *   deterministic suffix (`2`, `3`, ...) and a `craft/gen/name-collision` finding.
 */

const keywords = new Set([
  // ECMAScript reserved words, strict-mode reserved words, and names that cannot be bound in strict code.
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity',
  // Names that change what an object is when used as keys.
  '__proto__', 'constructor', 'prototype',
  // TypeScript's own type names and type-level keywords.
  'any', 'unknown', 'never', 'string', 'number', 'boolean', 'symbol', 'object', 'bigint', 'type', 'namespace',
  'module', 'declare', 'abstract', 'as', 'satisfies', 'keyof', 'readonly', 'infer', 'is', 'asserts', 'of', 'global',
]);

/** Global names the generated code uses: a model name must not shadow them. */
const globals = [
  'Array', 'ReadonlyArray', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract',
  'NonNullable', 'ReturnType', 'Parameters', 'Awaited', 'Promise', 'PromiseLike', 'Map', 'ReadonlyMap', 'Set',
  'ReadonlySet', 'WeakMap', 'Error', 'TypeError', 'Date', 'Object', 'String', 'Number', 'Boolean', 'Symbol',
  'Function', 'JSON', 'Math', 'RegExp', 'BigInt', 'Uint8Array', 'Intl', 'Reflect', 'Proxy', 'globalThis',
  'console', 'process', 'crypto', 'setTimeout', 'clearTimeout', 'structuredClone', 'Buffer',
];

/** Names the generated contracts, transport and services define themselves. */
export const generatedTypeNames = [
  'Envelope', 'Money', 'Problem', 'Check', 'Contract', 'ContractError', 'MessageKind', 'Transport', 'EventHandler',
  'RequestHandler', 'InMemoryTransport', 'Meta', 'Field',
];

/** Identifiers no Namespace hands out (besides keywords). */
export const reservedIdentifiers: readonly string[] = [...globals, ...generatedTypeNames];

const idStart = /[\p{ID_Start}$_]/u;
const idContinue = /[\p{ID_Continue}$\u200c\u200d]/u;

/** True when `s` is a valid identifier (not checked against reserved words). */
export function isIdentifier(s: string): boolean {
  if (s === '') return false;
  const chars = [...s];
  return idStart.test(chars[0]!) && chars.slice(1).every((c) => idContinue.test(c));
}

export function isReserved(s: string): boolean {
  return keywords.has(s);
}

/**
 * The words of a name: runs of identifier characters other than `_` and `$`, each split again at
 * lower→upper case changes (`OrderPlaced` → `Order`, `Placed`; `HTTPServer` → `HTTP`, `Server`).
 */
export function words(raw: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of raw.normalize('NFKC')) {
    if (ch !== '_' && ch !== '$' && idContinue.test(ch) && ch !== '\u200c' && ch !== '\u200d') word += ch;
    else if (word !== '') {
      out.push(...splitCase(word));
      word = '';
    }
  }
  if (word !== '') out.push(...splitCase(word));
  return out;
}

function splitCase(word: string): string[] {
  const parts = word.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u);
  return parts.filter((p) => p !== '');
}

function upperFirst(w: string): string {
  const [first, ...rest] = [...w];
  return first === undefined ? '' : first.toUpperCase() + rest.join('');
}

function safeIdentifier(s: string, fallback: string): string {
  let id = s === '' ? fallback : s;
  if (!idStart.test([...id][0]!)) id = `_${id}`;
  if (isReserved(id)) id = `${id}_`;
  return id;
}

/** `Order Placed`, `order placed`, `sales.OrderPlaced` → `OrderPlaced`, `OrderPlaced`, `SalesOrderPlaced`. */
export function pascalCase(raw: string): string {
  return safeIdentifier(words(raw).map(upperFirst).join(''), 'Unnamed');
}

/** `Order Placed` → `orderPlaced`; `class` → `class_`; `constructor` → `constructor_`. */
export function camelCase(raw: string): string {
  const ws = words(raw);
  const head = ws[0] === undefined ? '' : /^\p{Lu}+$/u.test(ws[0]) ? ws[0].toLowerCase() : lowerFirst(ws[0]);
  return safeIdentifier(head + ws.slice(1).map(upperFirst).join(''), 'unnamed');
}

function lowerFirst(w: string): string {
  const [first, ...rest] = [...w];
  return first === undefined ? '' : first.toLowerCase() + rest.join('');
}

/** A property key as written in a type or an object literal: bare when it is a plain identifier. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && !name.includes('\\') && name !== '__proto__' ? name : JSON.stringify(name);
}

const transliterations: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', ł: 'l',
  Ł: 'l', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'ng', Ŋ: 'ng',
};

const MAX_FILE = 80;

/**
 * A lower-kebab ASCII file name (without extension): `Order Placed` → `order-placed`, `Straße` →
 * `strasse`, `../../x` → `x`, `注文` → `u6ce8-u6587`. Never empty, never starts with a dot, no separators.
 */
export function fileName(raw: string): string {
  const parts: string[] = [];
  for (const w of words(raw)) {
    let ascii = '';
    const flush = () => {
      if (ascii !== '') parts.push(ascii.toLowerCase());
      ascii = '';
    };
    for (const ch of w) {
      const t = transliterations[ch];
      if (t !== undefined) {
        ascii += t;
        continue;
      }
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      if (/^[A-Za-z0-9]+$/.test(base)) ascii += base;
      else if (/^\p{M}+$/u.test(ch)) continue;
      else {
        flush();
        parts.push(`u${ch.codePointAt(0)!.toString(16)}`);
      }
    }
    flush();
  }
  return capped(parts.join('-') || 'unnamed', MAX_FILE, raw);
}

/**
 * An ASCII file name cut to `max` characters when longer, ending in a hash of `whole` (what it was made
 * from) so that names sharing a long beginning stay apart.
 */
export function capped(name: string, max: number, whole = name): string {
  return name.length > max ? `${name.slice(0, max - 9).replace(/[-.]+$/, '')}-${hash(whole)}` : name;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable fingerprint of a name. */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Text safe inside a `/* *\/` or `//` comment: one line, no comment terminator. */
export function commentText(s: string): string {
  return s.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export interface Claim {
  name: string;
  /** The model name that had this name first, when the claimant got a suffix instead. */
  collidedWith?: string;
}

/**
 * Names of one kind that must stay distinct (types of the contracts, files of a folder...). `claim`
 * gives the same name for the same raw name, and a suffixed one to a different raw name that maps to a
 * name already taken (or reserved).
 */
export class Namespace {
  private readonly taken = new Map<string, string>();
  private readonly byRaw = new Map<string, Claim>();

  constructor(
    private readonly style: (raw: string) => string,
    reserved: readonly string[] = [],
    private readonly join: (base: string, n: number) => string = (b, n) => `${b}${n}`,
    private readonly ignoreCase = false,
  ) {
    for (const r of reserved) this.taken.set(this.key(r), `(reserved) ${r}`);
  }

  private key(name: string): string {
    return this.ignoreCase ? name.toLowerCase() : name;
  }

  /** The name of `raw`; `identity` tells apart two things that have the same raw name (default: `raw`). */
  claim(raw: string, identity: string = raw): Claim {
    const known = this.byRaw.get(identity);
    if (known) return known;
    const base = this.style(raw);
    let name = base;
    let claim: Claim = { name };
    const first = this.taken.get(this.key(base));
    if (first !== undefined) {
      for (let n = 2; this.taken.has(this.key((name = this.join(base, n)))); n++);
      claim = { name, collidedWith: first };
    }
    this.taken.set(this.key(name), raw);
    this.byRaw.set(identity, claim);
    return claim;
  }
}

export const identifierNamespace = (style: (raw: string) => string, reserved: readonly string[] = reservedIdentifiers) => new Namespace(style, reserved);
/** File names compare case-insensitively: `Orders` and `orders` would be one file on macOS and Windows. */
export const fileNamespace = (reserved: readonly string[] = []) => new Namespace(fileName, reserved, (b, n) => `${b}-${n}`, true);
