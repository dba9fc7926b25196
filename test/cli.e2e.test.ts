/**
 * The built CLI, run as a process the way users run it (`node bin/craft.js ...`): real output, real exit
 * statuses. The project is compiled once before the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect } from 'vitest';
import { craft, root, test } from './support/cli.js';

const example = 'examples/ecommerce.craft';

function write(dir: string, rel: string, content: string | Uint8Array): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** `actors {` with a stray `: x` after the actor on line 2: one craft/syntax/unexpected-token at the ':'. */
const syntaxError = (indent: string) => `actors {\n${indent}user Alice : x\n}\n`;
const clean = 'actor user Alice\nuse_case "Sign in" {\n  when Alice signs in\n    Accounts checks credentials\n}\n';

/** In the block headed `header`, the caret line must start under `marker` of the source line above it. */
function expectCaretUnder(output: string, header: string, marker: string, carets?: number): void {
  const lines = output.split('\n');
  const i = lines.findIndex((l) => l.startsWith(header));
  expect(i, `"${header}" in\n${output}`).toBeGreaterThanOrEqual(0);
  const source = lines[i + 1]!;
  const caretLine = lines[i + 2]!;
  expect(caretLine.indexOf('^'), `${source}\n${caretLine}`).toBe(source.indexOf(marker));
  if (carets !== undefined) expect(caretLine.match(/\^+/)![0].length).toBe(carets);
}

describe('craft check', () => {
  test('the bundled example has no errors and exits 0', () => {
    const r = craft(['check', example]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/: error /);
    expect(r.stderr).toMatch(/^(no problems|\d+ warnings?) in 1 file/m);
  });

  test('a syntax error: exit 1, file:line:col, severity and code, source line and carets under the token', ({ tmp }) => {
    write(tmp, 'bad.craft', syntaxError('  '));
    const r = craft(['check', 'bad.craft'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad.craft:2:14: error craft/syntax/unexpected-token: ');
    expectCaretUnder(r.stdout, 'bad.craft:2:14: error', ':');
    expect(r.stderr).toMatch(/^1 error(, \d+ warnings?)? in 1 file/m);
  });

  test('tabs are expanded the same way in the source line and the caret line', ({ tmp }) => {
    write(tmp, 'tabs.craft', syntaxError('\t'));
    const r = craft(['check', 'tabs.craft'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('tabs.craft:2:13: error craft/syntax/unexpected-token');
    expect(r.stdout).not.toContain('\t');
    expectCaretUnder(r.stdout, 'tabs.craft:2:13: error', ':');
  });

  test('a range over several lines is underlined to the end of its first line', ({ tmp }) => {
    write(tmp, 'loose.craft', 'when Customer orders\n  Sales confirms order\n');
    const r = craft(['check', 'loose.craft'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('loose.craft:1:1: error craft/syntax/skipped-construct');
    expectCaretUnder(r.stdout, 'loose.craft:1:1: error', 'when', 'when Customer orders'.length);
  });

  test('--format json prints the diagnostics and a summary on stdout', ({ tmp }) => {
    write(tmp, 'bad.craft', syntaxError('  '));
    const r = craft(['check', '--format', 'json', 'bad.craft'], tmp);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; file: string; range: { start: { line: number; column: number } } }[]; summary: Record<string, unknown> };
    expect(Object.keys(report)).toEqual(['diagnostics', 'summary']);
    const d = report.diagnostics.find((x) => x.code === 'craft/syntax/unexpected-token');
    expect(d).toMatchObject({ severity: 'error', file: 'bad.craft', range: { start: { line: 2, column: 14 } } });
    expect(report.summary).toMatchObject({ files: 1, errors: 1, ok: false });
  });

  test('JSON always carries hints; text shows them only with --verbose', () => {
    const json = JSON.parse(craft(['check', '--format', 'json', example]).stdout) as { diagnostics: { severity: string; hint?: string }[] };
    expect(json.diagnostics.some((d) => d.severity === 'hint' && d.hint)).toBe(true);
    const plain = craft(['check', example]);
    expect(plain.stdout).not.toContain('craft/lint/deprecated-keyword');
    expect(plain.stderr).toMatch(/hints? not shown; --verbose shows them/);
    const verbose = craft(['check', '--verbose', example]);
    expect(verbose.stdout).toMatch(/: hint craft\/lint\/deprecated-keyword: 'domains:' is the v1 spelling of 'contexts:'/);
    expect(verbose.stdout).toContain('  = hint: ');
  });

  test('--strict makes warnings fail; --quiet shows only errors', () => {
    const lenient = craft(['check', example]);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/: warning craft\/lint\//);
    expect(craft(['check', '--strict', example]).status).toBe(1);
    const quiet = craft(['check', '-q', example]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
  });

  test('validate is an alias of check', ({ tmp }) => {
    write(tmp, 'bad.craft', syntaxError('  '));
    const r = craft(['validate', 'bad.craft'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad.craft:2:14: error craft/syntax/unexpected-token');
  });

  test('a named directory means every *.craft below it (not in node_modules or dot folders), paths as given', ({ tmp }) => {
    write(tmp, 'model/a.craft', clean);
    write(tmp, 'model/deep/b.craft', syntaxError('  '));
    write(tmp, 'model/notes.txt', 'not craft');
    write(tmp, 'model/node_modules/dep/x.craft', syntaxError('  '));
    write(tmp, 'model/.cache/y.craft', syntaxError('  '));
    const r = craft(['check', 'model'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('model/deep/b.craft:2:14: error craft/syntax/unexpected-token');
    expect(r.stdout).not.toMatch(/node_modules|\.cache/);
    expect(r.stderr).toMatch(/ in 2 files$/m);
  });

  test('with no files named, every *.craft below the working directory is checked', ({ tmp }) => {
    write(tmp, 'z.craft', clean.replace('Sign in', 'Sign out'));
    write(tmp, 'sub/bad.craft', syntaxError('  '));
    const r = craft(['check'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('sub/bad.craft:2:14: error');
    expect(r.stderr).not.toContain('bundled example');
    expect(r.stderr).toMatch(/ in 2 files$/m);
  });

  test('with no .craft files here, the bundled example is used and that is said on stderr', ({ tmp }) => {
    const r = craft(['check'], tmp);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('no .craft files here; using the bundled example examples/ecommerce.craft');
    expect(r.stdout).toContain('ecommerce.craft:');
    expect(r.stderr).toMatch(/ in 1 file/);
  });
});

describe('usage and I/O problems exit 2 with one line on stderr', () => {
  test('a missing file', ({ tmp }) => {
    const r = craft(['check', 'nope.craft'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: nope.craft: no such file or directory\n');
    expect(r.stdout).toBe('');
  });

  test('a named directory without .craft files', ({ tmp }) => {
    mkdirSync(join(tmp, 'empty'));
    const r = craft(['check', 'empty'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: empty: no .craft files in this directory\n');
  });

  test('a binary file (NUL byte) and a file that is not UTF-8', ({ tmp }) => {
    write(tmp, 'image.craft', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]));
    write(tmp, 'latin1.craft', new Uint8Array([...Buffer.from('actor user Jos'), 0xe9, 0x0a]));
    const binary = craft(['check', 'image.craft'], tmp);
    expect(binary.status).toBe(2);
    expect(binary.stderr).toMatch(/^craft: image\.craft: looks like a binary file.*\n$/);
    const latin1 = craft(['inspect', 'latin1.craft'], tmp);
    expect(latin1.status).toBe(2);
    expect(latin1.stderr).toBe('craft: latin1.craft: is not valid UTF-8 text\n');
  });

  test('a path that cannot be read', ({ tmp }) => {
    // Permissions do not stop root (CI runs as root), so the unreadable path goes through a file used as a folder.
    write(tmp, 'notes.craft', clean);
    const r = craft(['check', 'notes.craft/inner.craft'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^craft: notes\.craft\/inner\.craft: .+\n$/);
    expect(r.stdout).toBe('');
  });

  test('an unknown option, a bad --format, an unknown command', () => {
    const option = craft(['check', '--frobnicate', example]);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const format = craft(['check', '--format', 'xml', example]);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('xml');
    expect(craft(['inspect', '--format', 'yaml', example]).status).toBe(2);
    expect(craft(['frobnicate']).status).toBe(2);
  });
});

describe('craft --version and --help', () => {
  test('--version prints the package version and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = craft(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  test('--help lists the commands with a real example and exits 0', () => {
    const r = craft(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('check|validate');
    expect(r.stdout).toContain('inspect');
    expect(r.stdout).toContain('$ craft check examples/ecommerce.craft');
    const sub = craft(['check', '--help']);
    expect(sub.status).toBe(0);
    expect(sub.stdout).toContain('--strict');
    expect(sub.stdout).toContain('Examples:');
  });
});

describe('craft inspect', () => {
  test('--format json is the Model', () => {
    const r = craft(['inspect', '--format', 'json', example]);
    expect(r.status).toBe(0);
    const model = JSON.parse(r.stdout) as { files: string[]; useCases: { slug: string; scenarios: unknown[] }[] };
    expect(model.files).toEqual([example]);
    const placement = model.useCases.find((u) => u.slug === 'order-placement');
    expect(placement?.scenarios).toHaveLength(7);
  });

  test('text (the default) is a readable overview', () => {
    const r = craft(['inspect', example]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1 file, 6 actors, 6 domains, /);
    expect(r.stdout).toMatch(/^ {2}order-placement {2}"Order Placement" {2}7 scenarios$/m);
    expect(r.stdout).toContain('when OrderManagement listens "Payment Processed"');
    expect(r.stdout).toContain('Payment Processed: Payment/PaymentProcessing → Order/OrderManagement');
    expect(r.stdout).toMatch(/CatalogService {2}python\n {4}contexts: Catalog\/ProductManagement/);
    expect(r.stderr).toBe('');
  });

  test('--format craftdoc is JSON', () => {
    const r = craft(['inspect', '--format', 'craftdoc', example]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('useCases');
  });

  test('errors go to stderr and exit 1, and the output is printed anyway', ({ tmp }) => {
    write(tmp, 'bad.craft', `${clean}${syntaxError('  ')}`);
    const r = craft(['inspect', '--format', 'json', 'bad.craft'], tmp);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toHaveProperty('useCases');
    expect(r.stderr).toContain('bad.craft:7:14: error craft/syntax/unexpected-token');
    expect(r.stderr).not.toContain('warning');
  });
});

describe('craft reads regular files only, of at most 16 MiB', () => {
  test('a FIFO named x.craft is refused at once: craft never opens it to wait for a writer', ({ tmp }) => {
    const made = spawnSync('mkfifo', [join(tmp, 'x.craft')]);
    expect(made.status, String(made.stderr)).toBe(0);
    const started = Date.now();
    const r = craft(['check', 'x.craft'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: x.craft: is a named pipe (FIFO); craft reads regular files only\n');
    expect(Date.now() - started).toBeLessThan(20_000);
    // Found by the directory walk, it is not a model file either.
    write(tmp, 'a.craft', clean);
    expect(craft(['check'], tmp).status).toBe(0);
  });

  test('a device (/dev/zero) is refused instead of read until memory runs out', () => {
    const r = craft(['check', '/dev/zero']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: /dev/zero: is a device; craft reads regular files only\n');
  });

  test('a file larger than 16 MiB is a usage error that says so', ({ tmp }) => {
    const big = join(tmp, 'big.craft');
    writeFileSync(big, '');
    truncateSync(big, 16 * 1024 * 1024 + 1);
    const r = craft(['check', 'big.craft'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: big.craft: is larger than 16 MiB, the most craft reads from one file\n');
    expect(craft(['--help']).stdout).toContain('16 MiB');
  });
});

describe('an empty path is a usage error, never the working directory', () => {
  test.each<[string, string[]]>([
    ['check', ['check', '']],
    ['inspect', ['inspect', '']],
    ['diagram', ['diagram', '']],
    ['gen', ['gen', '', '-o', 'out']],
    ['simulate', ['simulate', '', 'sign-in']],
  ])('an empty file argument (%s)', (_name, args) => {
    const r = craft(args, root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^craft: an empty argument names (no file|neither a file nor a use case).*\n$/);
  });
});

describe('start-up', () => {
  /** The modules src/cli/main.ts loads before any command runs: its static imports, transitively. */
  function staticGraph(): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';$/gms)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
        else seen.add(spec);
      }
    };
    visit(join(root, 'src', 'cli', 'main.ts'));
    return [...seen].map((f) => (f.startsWith(root) ? relative(root, f) : f));
  }

  test('craft --help and craft check load no back end, no compiler and no heavy package before a command runs', () => {
    const graph = staticGraph();
    expect(graph).toContain(join('src', 'cli', 'commands', 'check.ts'));
    const heavy = graph.filter((m) => /^src[\\/](compiler|simulator|codegen|diagrams|render|export|plan|output)[\\/]/.test(m) || ['xstate', 'handlebars', 'puppeteer', 'mermaid', 'chevrotain'].includes(m));
    expect(heavy).toEqual([]);
  });
});
