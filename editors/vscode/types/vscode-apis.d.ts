/**
 * The few APIs of `vscode` and `vscode-languageclient/node` that src/extension.ts uses, declared with the
 * signatures those packages give them (@types/vscode 1.82, vscode-languageclient 9.0.1).
 *
 * Why a declaration and not the packages: craft's own install does not include them (an editor's client
 * library is no dependency of the CLI, and nothing may be downloaded to test), yet the client must compile
 * in craft's tests (test/editors.test.ts runs tsc on tsconfig.json here, which reads this file). Packaging
 * the extension installs the real packages (package.json here) and compiles with tsconfig.build.json,
 * which does not read this file, so the real types check the same source.
 */
declare module 'vscode' {
  export interface Disposable {
    dispose(): unknown;
  }
  export interface ExtensionContext {
    readonly subscriptions: { dispose(): unknown }[];
  }
  export interface WorkspaceConfiguration {
    get<T>(section: string, defaultValue: T): T;
  }
  export interface FileSystemWatcher extends Disposable {
    readonly ignoreCreateEvents: boolean;
  }
  export namespace workspace {
    function getConfiguration(section?: string): WorkspaceConfiguration;
    function createFileSystemWatcher(globPattern: string, ignoreCreateEvents?: boolean, ignoreChangeEvents?: boolean, ignoreDeleteEvents?: boolean): FileSystemWatcher;
  }
}

declare module 'vscode-languageclient/node' {
  import type { FileSystemWatcher } from 'vscode';

  export enum TransportKind {
    stdio = 0,
    ipc = 1,
    pipe = 2,
    socket = 3,
  }
  export interface Executable {
    command: string;
    args?: string[];
    transport?: TransportKind;
    options?: { cwd?: string; env?: Record<string, string>; detached?: boolean; shell?: boolean };
  }
  export type ServerOptions = Executable | { run: Executable; debug: Executable };
  export interface DocumentFilter {
    language?: string;
    scheme?: string;
    pattern?: string;
  }
  export interface LanguageClientOptions {
    documentSelector?: (string | DocumentFilter)[];
    synchronize?: { configurationSection?: string | string[]; fileEvents?: FileSystemWatcher | FileSystemWatcher[] };
    initializationOptions?: unknown;
  }
  export class LanguageClient {
    constructor(id: string, name: string, serverOptions: ServerOptions, clientOptions: LanguageClientOptions, forceDebug?: boolean);
    start(): Promise<void>;
    stop(timeout?: number): Promise<void>;
  }
}
