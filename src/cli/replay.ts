/**
 * `craft simulate --replay FILE`: a counterexample `craft verify --out` wrote, run again on the model it
 * names: the same timeline, byte for byte, and its sequence diagram with --mermaid.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { soundModel } from './command.js';
import { ExitCode, ioReason, UsageError } from './exit.js';
import { inputPaths, openOutputDir, writeAll } from './output-files.js';
import type { Io } from './terminal.js';

export interface ReplayRequest {
  replay: string;
  mermaid?: string;
  force?: boolean;
  check?: boolean;
  json?: boolean;
}

export async function replayRun(request: ReplayRequest, io: Io): Promise<{ exitCode: number; ok?: boolean }> {
  const path = resolve(io.cwd, request.replay);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--replay ${request.replay}: ${ioReason(e)}`);
  }
  const v = await import('../verify/index.js');
  let file;
  try {
    file = v.parseReplayFile(text);
  } catch (e) {
    if (e instanceof v.ReplayFileError) throw new UsageError(`--replay ${request.replay}: ${e.message}`);
    throw e;
  }
  // The model's files are named relative to the replay file, so the pair can be moved together.
  const files = file.files.map((f) => relative(io.cwd, resolve(dirname(path), f)) || '.');
  const sound = await soundModel(files, io, 'nothing replayed (craft check shows them)');
  if (!sound) return { exitCode: ExitCode.findings };
  let replayed;
  try {
    replayed = v.replayCounterexample(sound.model, file);
  } catch (e) {
    if (e instanceof v.TargetError) throw new UsageError(`--replay ${request.replay}: ${e.message}`);
    throw e;
  }
  const ok = replayed.messages.length === 0;
  if (request.json) io.stdout.write(JSON.stringify({ check: file.check, message: file.message, reproduced: replayed.messages, timeline: replayed.timeline, mermaid: replayed.mermaid }, null, 2) + '\n');
  else io.stdout.write(replayed.timeline);
  if (request.mermaid !== undefined) {
    const { markText } = await import('../output/index.js');
    const dir = await openOutputDir(dirname(request.mermaid), io, { inputs: inputPaths(sound.sources, io, path), create: false });
    const target = { dir, path: request.mermaid, file: { path: basename(request.mermaid), content: markText(replayed.mermaid, 'mmd', basename(path)) } };
    if (!(await writeAll([target], request.force === true, io))) return { exitCode: ExitCode.usage, ok };
    io.stderr.write(`wrote ${request.mermaid}\n`);
  }
  return { exitCode: request.check && !ok ? ExitCode.findings : ExitCode.ok, ok };
}
