/**
 * The .craft files of the workspace folders, read from disk when the server starts and when the client
 * says one changed: regular UTF-8 files of at most 16 MiB (what `craft check` reads), below the folders,
 * skipping node_modules and dot folders, never following a link to a folder.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

const maxBytes = 16 * 1024 * 1024;

export function craftFilesBelow(dir: string, limit = 10_000): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const child = join(abs, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(child);
      } else if (e.name.endsWith('.craft')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** A model file's text, or undefined when it is not one craft reads (missing, not regular, too big, binary, not UTF-8). */
export function readModelFile(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const bytes = readFileSync(path);
    if (bytes.subarray(0, 8192).includes(0)) return undefined;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
