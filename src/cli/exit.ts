/** Exit statuses, and the one kind of failure a command reports itself: a usage or I/O problem. */

/** Exit statuses: 0 no findings, 1 findings, 2 usage or I/O problem, 3 a bug in craft. */
export const ExitCode = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A problem with how craft was invoked or with its input or output files: one line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reports a usage error (one line) and returns its exit status; anything else is rethrown. */
export function usageFailure(e: unknown, stderr: { write(chunk: string): unknown }): typeof ExitCode.usage {
  if (!(e instanceof UsageError)) throw e;
  stderr.write(`craft: ${e.message}\n`);
  return ExitCode.usage;
}

/** Why a file could not be read or written, in words (from a Node error's code). */
export function ioReason(e: unknown, verb: 'read' | 'write' = 'read'): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return `cannot ${verb} (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}
