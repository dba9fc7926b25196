/**
 * Text for Mermaid's C4 diagrams, which read it in two different ways (measured with mermaid 11.17):
 * - titles, boundary labels and relation labels decode `#NN;` codes like the other diagrams: `label()`;
 * - element text (Person, System, Container... name, technology, description) goes through a markdown
 *   step that decodes only `&amp;`, `&lt;` and `&gt;` and shows `#60;` as the literal "&#60;".
 *   Inside the quotes every other character is safe, with three exceptions handled by `shapeText`.
 */
import { mermaidLabel as label } from '../text/escape.js';

const WORD_JOINER = '\u2060';

/** Element text: shown exactly as written, except that `"` becomes a typographic quote. */
export function shapeText(text: string): string {
  let quotes = 0;
  return (
    text
      .replace(/\s+/g, ' ')
      // A `"` would end the string, and no escape for it survives: pairs become “ and ”.
      .replace(/"/g, () => (quotes++ % 2 === 0 ? '\u201c' : '\u201d'))
      .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
      // Mermaid's first pass reads any `#name;` as an entity code, and `%%` as a comment or a directive:
      // an invisible word joiner keeps the text as it looks and stops both.
      .replace(/#(?=\w+;)/g, `#${WORD_JOINER}`)
      .replace(/%(?=%)/g, `%${WORD_JOINER}`)
  );
}

/** A relation label: one line per label (narrow labels collide less), at most three, then a count. */
export function relationText(labels: readonly string[], max = 3): string {
  const lines = labels.slice(0, max).map(label);
  if (labels.length > max) lines.push(`+${labels.length - max} more`);
  return lines.join('<br/>');
}

/**
 * An invisible boundary: Mermaid lays C4 elements out in rows, in the order they are written, and draws
 * nested boundaries one under (or beside) the other; boundaries without a border are how a generator
 * says "start a new row here".
 */
export function layoutRow(id: string, elements: readonly string[], indent: string): string[] {
  if (elements.length === 0) return [];
  return [`${indent}Boundary(${id}, "", "") {`, ...elements.map((e) => `${indent}  ${e}`), `${indent}}`];
}

export function hideBorder(id: string): string {
  return `  UpdateElementStyle(${id}, $borderColor="transparent")`;
}
