/**
 * Model names on their way into other languages. Every name a user writes may contain anything (`<script>`,
 * `%%`, quotes, backticks): these make it inert text in Mermaid labels and in HTML.
 */

const mermaidSpecial = /[#"'<>;%&{}[\]()|`\\]/g;

/** A Mermaid label: entity codes for every character Mermaid would read as syntax, whitespace runs as one space. */
export function mermaidLabel(text: string): string {
  return text.replace(/\s+/g, ' ').replace(mermaidSpecial, (c) => `#${c.codePointAt(0)};`);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => htmlEntities[c]!);
}
