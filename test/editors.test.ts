/**
 * editors/vscode: the manifest says what VS Code needs (the language, the grammar, the client), and the
 * client compiles (against the declarations kept beside it: see editors/vscode/types/vscode-apis.d.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, test } from './support/cli.js';

const extension = join(root, 'editors', 'vscode');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function typecheck(dir: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

interface Manifest {
  name: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown }> };
  };
  dependencies: Record<string, string>;
}

describe('the VS Code extension folder', () => {
  const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8')) as Manifest;

  it('declares the craft language, its grammar and the client', () => {
    const language = manifest.contributes.languages.find((l) => l.id === 'craft');
    expect(language?.extensions).toEqual(['.craft']);
    expect(existsSync(join(extension, language!.configuration))).toBe(true);
    const configuration = JSON.parse(readFileSync(join(extension, language!.configuration), 'utf8')) as { comments: { lineComment: string } };
    expect(configuration.comments.lineComment).toBe('//');
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'craft')!;
    const tm = JSON.parse(readFileSync(join(extension, grammar.path), 'utf8')) as { scopeName: string; fileTypes: string[] };
    expect(tm.scopeName).toBe(grammar.scopeName);
    expect(tm.fileTypes).toEqual(['craft']);
    expect(manifest.activationEvents).toContain('onLanguage:craft');
    expect(manifest.main).toBe('./out/extension.js');
    expect(existsSync(join(extension, 'src', 'extension.ts'))).toBe(true);
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/);
    // Exact versions, as craft pins its own.
    expect(Object.values(manifest.dependencies).every((v) => /^\d+\.\d+\.\d+$/.test(v))).toBe(true);
    expect(manifest.contributes.configuration.properties['craft.path']).toMatchObject({ type: 'string', default: 'craft' });
  });

  it('has a client that compiles and starts `craft lsp`', () => {
    const r = typecheck(extension);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
    const client = readFileSync(join(extension, 'src', 'extension.ts'), 'utf8');
    expect(client).toMatch(/args: \['lsp'\]/);
  });

  test('the type check catches a client that misuses the APIs', ({ tmp }) => {
    cpSync(extension, tmp, { recursive: true, filter: (p) => !p.includes('node_modules') });
    const source = join(tmp, 'src', 'extension.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace("new LanguageClient('craft', ", 'new LanguageClient('));
    const r = typecheck(tmp);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/extension\.ts.*error TS/);
  });
});
