/**
 * The VS Code client of the craft language server: it starts `craft lsp` (the `craft.path` setting, `craft`
 * on PATH by default) for .craft files and tells it when .craft files change on disk.
 */
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration('craft').get<string>('path', 'craft') || 'craft';
  // TransportKind.stdio makes the client add `--stdio`, which `craft lsp` accepts.
  const serverOptions: ServerOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'craft' }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.craft') },
  };
  client = new LanguageClient('craft', 'craft language server', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
