/** Use-case slugs: `Order Placement` → `order-placement` (letters of any script are kept). */
export function slugify(name: string): string {
  // Most titles are ASCII: skip unicode normalisation, which is slow the first time it runs.
  if (/^[\x20-\x7e]*$/.test(name)) return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The item whose slug is `text`, else whose name is `text` in any case, else whose slug is `text` slugged. */
export function findNamed<T extends { slug: string; name: string }>(items: readonly T[], text: string): T | undefined {
  const lower = text.toLowerCase();
  const slug = slugify(text);
  return items.find((u) => u.slug === text) ?? items.find((u) => u.name.toLowerCase() === lower) ?? items.find((u) => u.slug === slug);
}
