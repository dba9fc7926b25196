/**
 * Plain data → YAML, for the AsyncAPI document: maps and lists in block style, every string value
 * double-quoted with JSON escapes (valid YAML), keys bare when they are plain words.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export function toYaml(value: YamlValue): string {
  const out: string[] = [];
  write(value, 0, out);
  return out.join('\n') + '\n';
}

function quote(s: string): string {
  // JSON escapes are YAML double-quoted escapes; YAML also wants DEL, C1 controls and line separators escaped.
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function key(k: string): string {
  return /^[A-Za-z_$][\w.$-]*$/.test(k) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(k) ? k : quote(k);
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  return String(v);
}

function isScalar(v: YamlValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function write(value: YamlValue, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) {
    out.push(pad + scalar(value));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${pad}[]`);
      return;
    }
    for (const item of value) {
      if (isScalar(item) || (Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0)) {
        out.push(`${pad}- ${inline(item)}`);
        continue;
      }
      const sub: string[] = [];
      write(item, indent + 2, sub);
      out.push(`${pad}- ${sub[0]!.slice(indent + 2)}`, ...sub.slice(1));
    }
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    out.push(`${pad}{}`);
    return;
  }
  for (const k of keys) {
    const v = value[k]!;
    if (isScalar(v) || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0)) out.push(`${pad}${key(k)}: ${inline(v)}`);
    else {
      out.push(`${pad}${key(k)}:`);
      write(v, indent + 2, out);
    }
  }
}

function inline(v: YamlValue): string {
  if (isScalar(v)) return scalar(v);
  return Array.isArray(v) ? '[]' : '{}';
}
