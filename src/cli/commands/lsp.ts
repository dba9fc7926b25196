/** `craft lsp [--stdio]`: the language server, speaking the Language Server Protocol on stdin/stdout. */
import type { Command } from 'commander';

export interface LspOptions {
  /** The one transport, accepted because clients pass it. */
  stdio?: boolean;
}

export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .summary('run the craft language server (LSP over stdio)')
    .description(
      'Run the language server for editors: diagnostics as craft check gives them (per file and across the workspace), outline, folding, semantic highlighting, hover, go to definition, references, rename, completion and formatting as craft fmt formats. It speaks the Language Server Protocol on stdin and stdout until the client asks it to exit.',
    )
    .option('--stdio', 'talk over stdin and stdout (the default and only transport)')
    .addHelpText(
      'after',
      `
The workspace is every *.craft below the folders the client opens, plus the files it opens. Editors start
the server themselves (README, "Editors": VS Code, Neovim, Helix).

Examples:
  $ craft lsp
  $ craft lsp --stdio

Exit status: 0 after the client's shutdown and exit, 1 when the client exits without shutting down.`,
    )
    .action(async () => {
      await lsp();
    });
}

/** Starts the server; the protocol library ends the process on the client's `exit`. */
export async function lsp(): Promise<void> {
  // Loaded only now, so the other commands never load the protocol library.
  const [{ startServer }, { toCraftDoc }] = await Promise.all([import('../../lsp/server.js'), import('../../export/craftdoc.js')]);
  startServer({ input: process.stdin, output: process.stdout, projections: [toCraftDoc] });
}
