/**
 * File names made from model names (use cases, the model's name). A model name may be of any length and
 * contain anything; a file name must be one path component, and file systems refuse components over 255
 * bytes (ENAMETOOLONG). Names are capped well below that, with a short hash of the whole name so that two
 * long names that share their beginning still get different files.
 */
import { createHash } from 'node:crypto';

/** The longest file name craft makes from model names, extension included, in UTF-8 bytes. */
export const maxFileNameBytes = 100;

/** The longest path component file systems accept (ext4, APFS, NTFS: 255 bytes or UTF-16 units). */
export const maxComponentBytes = 255;

/** A model name as part of a file name: letters, digits, `_` and `-`; no separators, no dot-dot; never empty. */
export function fileStem(name: string, fallback = 'model'): string {
  return name.normalize('NFKC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || fallback;
}

/**
 * `stem.extension`, or, when that is longer than `max` bytes, the stem cut short (at a character
 * boundary) followed by `-` and 8 hex digits of the whole stem's hash: stable from run to run.
 */
export function cappedFileName(stem: string, extension: string, max = maxFileNameBytes): string {
  const ext = extension === '' ? '' : `.${extension}`;
  const whole = stem + ext;
  if (byteLength(whole) <= max) return whole;
  const hash = createHash('sha256').update(stem).digest('hex').slice(0, 8);
  const room = Math.max(0, max - byteLength(ext) - hash.length - 1);
  const cut = cutToBytes(stem, room).replace(/[-.]+$/, '');
  return `${cut === '' ? '' : `${cut}-`}${hash}${ext}`;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` that fits in `bytes` UTF-8 bytes, never splitting a character. */
function cutToBytes(s: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of s) {
    const n = byteLength(ch);
    if (used + n > bytes) break;
    used += n;
    out += ch;
  }
  return out;
}
