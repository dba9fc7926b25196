/**
 * `craft build [files...] -o DIR`: the live preview's page as a static site: every view and every use
 * case's default simulation rendered to SVG in one browser session, written as one self-contained
 * index.html that opens from disk and can be published as it is. The same model gives the same bytes.
 */
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { PageSimulation, PageState, PageView } from '../../page/index.js';
import { modelName, runCommand, soundModel } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { filesArgument, nonEmptyPath } from '../options.js';
import { guarded, inputPaths, openOutputDir, refusedLine, writeFiles } from '../output-files.js';
import { pageSimulation, pageStories, pageUseCases, pageViews } from '../page-model.js';
import { defaultRequest, executeRuns, prepareRun } from '../simulation-run.js';
import { plural, processIo, type Io } from '../terminal.js';

export interface BuildOptions {
  out: string;
  force?: boolean;
}

export interface BuildResult {
  exitCode: number;
  written: string[];
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .summary('write the preview as a static site (views, simulations)')
    .description(
      "Check the model, draw every view, run every use case's default simulation, render all diagrams to SVG in\n" +
        'one Chromium session, and write the page of craft serve as a static site: one index.html with\n' +
        'everything inside, which opens from disk (file://) and publishes as it is (GitHub Pages). The same\n' +
        'model gives byte-identical files.',
    )
    .argument(...filesArgument)
    .requiredOption('-o, --out <dir>', 'the folder to write the site into')
    .option('--force', 'overwrite files craft did not write')
    .addHelpText(
      'after',
      `
Examples:
  $ craft build examples/ecommerce.craft -o site
  $ craft build model/ -o docs/architecture --force

Exit status: 0 written, 1 model errors or a diagram mermaid rejected (the rest is still written), 2 usage or
I/O error (no Chromium, a file craft did not write and --force not given).`,
    )
    .action(async (files: string[], options: BuildOptions) => {
      await build(files, options);
    });
}

export async function build(files: readonly string[], options: BuildOptions, io: Io = processIo()): Promise<BuildResult> {
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, written: [] }));
}

async function run(files: readonly string[], options: BuildOptions, io: Io): Promise<BuildResult> {
  nonEmptyPath(options.out, '--out');
  const sound = await soundModel(files, io, 'no site written');
  if (!sound) return { exitCode: ExitCode.findings, written: [] };
  const { sources, model } = sound;
  const out = await openOutputDir(options.out, io, { inputs: inputPaths(sources, io) });
  const outDir = resolve(io.cwd, options.out);
  const shown = (rel: string) => relative(io.cwd, join(outDir, rel));
  // A page in the way is found before the browser starts, not after.
  const early = await guarded(io, () => out.plan([{ path: 'index.html', content: '' }], options.force === true));
  if (early.some((p) => p.status === 'refused')) {
    io.stderr.write(`${refusedLine(shown('index.html'))}\ncraft: nothing written (files are checked before any is written)\n`);
    return { exitCode: ExitCode.usage, written: [] };
  }
  const [diagrams, sim, { participantsOf }, page] = await Promise.all([
    import('../../diagrams/index.js'),
    import('../../simulator/index.js'),
    import('../../server/index.js'),
    import('../../page/index.js'),
  ]);

  const stories = await pageStories(model, io);
  const views = [...pageViews(diagrams, model), ...stories.map((s) => s.view)];
  const useCases = pageUseCases(sim, model);
  const simulations: PageSimulation[] = [];
  for (const u of useCases) {
    if (u.problem !== undefined) continue;
    const prepared = await prepareRun(model, [u.slug], defaultRequest, () => true, io);
    simulations.push(await pageSimulation(u.slug, u.name, prepared, executeRuns(model, prepared, false)));
  }
  simulations.push(...stories.map((s) => s.result));

  const { renderAll } = await import('../../render/index.js');
  const items = [...views.map((v) => ({ name: `view ${v.id}`, text: v.mermaid })), ...simulations.map((s) => ({ name: `simulation ${s.id}`, text: s.diagram }))];
  const rendered = await renderAll(
    items.map((i) => ({ ...i, format: 'svg' as const })),
    items.length > 5 ? { onProgress: (p) => io.stderr.write(`rendering ${p.done}/${p.total} ${p.name}\n`) } : {},
  ).catch((e: unknown) => {
    if (e instanceof Error && e.name.endsWith('BrowserError')) throw new UsageError(e.message);
    throw e;
  });
  let exitCode: number = ExitCode.ok;
  const svgOf = (index: number): string | undefined => {
    const r = rendered[index]!;
    if (r.error !== undefined || !r.data) {
      io.stderr.write(`${r.name}: mermaid could not render this diagram: ${r.error ?? 'no output'}\n`);
      exitCode = ExitCode.findings;
      return undefined;
    }
    return r.data.toString('utf8');
  };
  const withSvg = <T extends PageView | PageSimulation>(x: T, svg: string | undefined): T => (svg === undefined ? x : { ...x, svg });
  const state: PageState = {
    version: 0,
    title: `craft: ${modelName(sources, undefined)}`,
    files: model.files,
    views: views.map((v, i) => withSvg(v, svgOf(i))),
    participants: participantsOf(model),
    useCases,
    simulations: simulations.map((s, i) => withSvg(s, svgOf(views.length + i))),
    diagnostics: [],
  };
  const { markText } = await import('../../output/index.js');
  const html = page.pageHtml(state, 'static', { client: { kind: 'inline', source: page.clientScript } });
  const source = sources.map((s) => s.path).join(', ');
  const { written, refused } = await writeFiles(out, [{ path: 'index.html', content: markText(html, 'html', source) }], options.force === true, io, shown);
  if (refused.length > 0) return { exitCode: ExitCode.usage, written: [] };
  const runs = simulations.filter((s) => !s.id.startsWith('story-'));
  const passed = runs.filter((s) => s.ok).length;
  const skipped = useCases.length - runs.length;
  const storiesPassed = stories.filter((s) => s.result.ok).length;
  io.stdout.write(
    [
      `checked ${plural(sources.length, 'file')}: no errors`,
      `drew ${plural(views.length, 'view')}`,
      `simulated ${plural(runs.length, 'use case')}: ${passed} PASS, ${runs.length - passed} FAIL${skipped > 0 ? ` (${skipped} listener-only, run with the use case that publishes their events)` : ''}`,
      ...(stories.length > 0 ? [`ran ${stories.length === 1 ? '1 story' : `${stories.length} stories`}: ${storiesPassed} PASS, ${stories.length - storiesPassed} FAIL`] : []),
      `wrote ${shown('index.html')}`,
      `open ${pathToFileURL(join(outDir, 'index.html')).href}`,
      '',
    ].join('\n'),
  );
  return { exitCode, written: written.map((w) => shown(w.path)) };
}
