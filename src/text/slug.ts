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
