/** Where a command's output goes, and how it looks there (colours only on a terminal). */
import picocolors from 'picocolors';

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Where a command reads and writes; the process's by default, replaceable in tests. */
export interface Io {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
}

export function processIo(): Io {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

/** Colours only on a terminal, and only when picocolors allows them (it honours NO_COLOR). */
export function useColor(stream: OutputStream): boolean {
  return stream.isTTY === true && picocolors.isColorSupported;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
