/**
 * Data inlined into a page as JSON, inside a `<script>` element: the text must not be able to end the
 * element (`</script>`), open a comment (`<!--`) or break a JavaScript string (U+2028, U+2029 were line
 * terminators before ES2019). Escaping `<`, `>`, `&` and the two separators as \u sequences keeps the JSON
 * equal to itself while making all of that impossible.
 */

const unsafe = /[<>&\u2028\u2029]/g;

export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A script's source inlined in a `<script>` element: `</script` inside it (in a string) cannot end it. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
