/** `craft diagram [files...]`: C4, domain-flow and sequence diagrams as Mermaid, Markdown, SVG or PNG. */
import { Option, type Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import type { Model } from '../../compiler/model.js';
import type { Diagram, DiagramKind } from '../../diagrams/index.js';
import type { OutputFile } from '../../output/index.js';
import { modelName, runCommand, soundModel } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { collect, filesArgument, nonEmptyPath } from '../options.js';
import { guarded, inputPaths, openOutputDir, writeFiles } from '../output-files.js';
import { processIo, type Io } from '../terminal.js';

const kinds = ['c4-context', 'c4-container', 'domain', 'sequence', 'all'] as const;
const formats = ['mmd', 'md', 'svg', 'png'] as const;

export interface DiagramOptions {
  kind: (typeof kinds)[number];
  format: (typeof formats)[number];
  out: string;
  useCase: string[];
  stdout?: boolean;
  force?: boolean;
  focus?: string;
  direction: 'LR' | 'TB';
  group: 'domain' | 'service';
  name?: string;
}

export interface DiagramResult {
  exitCode: number;
  written: string[];
}

export function registerDiagram(program: Command): void {
  program
    .command('diagram')
    .summary('draw C4, domain-flow and sequence diagrams')
    .description(
      'Draw the model as Mermaid diagrams: the C4 system context, the C4 containers, the domain flow, and one\n' +
        'sequence diagram per use case. mmd and md need nothing else; svg and png are rendered in Chromium\n' +
        '(CHROME_PATH, PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium), with a cache so unchanged diagrams are\n' +
        'written again without starting a browser. Files are named <model>-<kind>[-<use-case>].<ext> (a name\n' +
        'longer than 100 bytes is shortened and ends in a hash of the whole).',
    )
    .argument(...filesArgument)
    .addOption(new Option('-k, --kind <kind>', 'which diagrams').choices(kinds).default('all'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('mmd'))
    .option('-o, --out <dir>', 'output directory', 'diagrams')
    .option('-u, --use-case <slug|name>', 'only this use case (repeatable; sequence diagrams)', collect, [])
    .option('--stdout', 'print the diagrams (mmd or md) instead of writing files')
    .option('--force', 'overwrite files craft did not write')
    .option('--focus <service>', 'c4-container: draw the other services as external')
    .addOption(new Option('--direction <dir>', 'domain: flow direction').choices(['LR', 'TB']).default('LR'))
    .addOption(new Option('--group <by>', 'domain: group contexts by').choices(['domain', 'service']).default('domain'))
    .option('--name <name>', 'the <model> part of file names (default: the file name, or "model" for several)')
    .addHelpText(
      'after',
      `
Examples:
  $ craft diagram examples/ecommerce.craft                      # every diagram as .mmd in ./diagrams
  $ craft diagram examples/ecommerce.craft -f svg -o docs/arch
  $ craft diagram examples/ecommerce.craft -k sequence -u order-placement --stdout

Files are checked before any is written: a file craft did not write (without --force), a symbolic link
or an input file in the way means nothing is written.

Exit status: 0 written, 1 model errors or a diagram mermaid rejected, 2 usage or I/O error
(unknown use case, no Chromium for svg/png, a file craft did not write and --force not given).`,
    )
    .action(async (files: string[], options: DiagramOptions) => {
      await diagram(files, options);
    });
}

export async function diagram(files: readonly string[], options: DiagramOptions, io: Io = processIo()): Promise<DiagramResult> {
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, written: [] }));
}

async function run(files: readonly string[], options: DiagramOptions, io: Io): Promise<DiagramResult> {
  if (options.stdout && (options.format === 'svg' || options.format === 'png')) {
    throw new UsageError(`--stdout prints text: use --format mmd or md (not ${options.format})`);
  }
  if (!options.stdout) nonEmptyPath(options.out, '--out');
  const sound = await soundModel(files, io, 'no diagram drawn');
  if (!sound) return { exitCode: ExitCode.findings, written: [] };
  const { sources, model } = sound;
  const useCases = selectUseCases(model, options.useCase);
  const { diagrams, diagramKinds } = await import('../../diagrams/index.js');
  const selected: readonly DiagramKind[] = options.kind === 'all' ? diagramKinds : [options.kind];
  const drawn = diagrams(model, selected, {
    ...(useCases ? { useCases } : {}),
    ...(options.focus ? { focus: focusService(model, options.focus) } : {}),
    direction: options.direction,
    group: options.group,
  });

  if (options.stdout) {
    io.stdout.write(drawn.map((d) => (options.format === 'md' ? markdown(d) : d.text)).join('\n'));
    return { exitCode: ExitCode.ok, written: [] };
  }

  const output = await import('../../output/index.js');
  const out = await openOutputDir(options.out, io, { inputs: inputPaths(sources, io) });
  const outDir = resolve(io.cwd, options.out);
  const stem = output.fileStem(modelName(sources, options.name));
  const fileOf = (d: Diagram) => output.cappedFileName(`${stem}-${d.kind}${d.useCase ? `-${output.fileStem(d.useCase)}` : ''}`, options.format);
  const shown = (rel: string) => relative(io.cwd, join(outDir, rel));
  const source = sources.map((s) => s.path).join(', ');
  const outputs: OutputFile[] = [];
  let exitCode: number = ExitCode.ok;
  if (options.format === 'mmd' || options.format === 'md') {
    for (const d of drawn) {
      const text = options.format === 'md' ? markdown(d) : d.text;
      outputs.push({ path: fileOf(d), content: output.markText(text, options.format, source) });
    }
  } else {
    const format = options.format;
    const { renderAll, defaultCacheDir } = await import('../../render/index.js');
    const cacheDir = await guarded(io, () => out.directory(relative(outDir, defaultCacheDir(outDir))));
    const progress = drawn.length > 5;
    const rendered = await renderAll(
      drawn.map((d) => ({ name: shown(fileOf(d)), text: d.text, format })),
      {
        cacheDir,
        ...(progress ? { onProgress: (p) => io.stderr.write(`rendering ${p.done}/${p.total} ${p.name}${p.cached ? ' (cached)' : ''}\n`) } : {}),
      },
    ).catch((e: unknown) => {
      if (e instanceof Error && e.name.endsWith('BrowserError')) throw new UsageError(e.message);
      throw e;
    });
    rendered.forEach((r, i) => {
      if (r.error !== undefined || !r.data) {
        io.stderr.write(`${r.name}: mermaid could not render this diagram: ${r.error ?? 'no output'}\n`);
        exitCode = ExitCode.findings;
        return;
      }
      const d = drawn[i]!;
      outputs.push({ path: fileOf(d), content: format === 'png' ? output.markPng(r.data) : output.markText(r.data.toString('utf8'), 'svg', source) });
    });
  }

  const { written, refused } = await writeFiles(out, outputs, options.force === true, io, shown);
  if (refused.length > 0) return { exitCode: ExitCode.usage, written: [] };
  for (const w of written) io.stdout.write(`${shown(w.path)}\n`);
  return { exitCode, written: written.map((w) => shown(w.path)) };
}

/** The slugs of the use cases named by slug or name; an unknown one is a usage error listing the known ones. */
function selectUseCases(model: Model, wanted: readonly string[]): string[] | undefined {
  if (wanted.length === 0) return undefined;
  return wanted.map((w) => {
    const found = model.useCases.find((u) => u.slug === w || u.name === w);
    if (!found) throw new UsageError(`unknown use case '${w}'; the use cases are: ${model.useCases.map((u) => u.slug).join(', ') || '(none)'}`);
    return found.slug;
  });
}

function focusService(model: Model, name: string): string {
  if (!model.services.some((s) => s.name === name)) {
    throw new UsageError(`unknown service '${name}'; the services are: ${model.services.map((s) => s.name).join(', ') || '(none)'}`);
  }
  return name;
}

function markdown(d: Diagram): string {
  return `## ${d.title}\n\n\`\`\`mermaid\n${d.text}\`\`\`\n`;
}
